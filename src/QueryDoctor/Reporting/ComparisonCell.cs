using System.Net;

namespace QueryDoctor.Reporting;

/// <summary>A cell of a <see cref="ComparisonTable"/>, as Markdown and as HTML.</summary>
/// <param name="Markdown">The cell in Markdown, escaped by the caller.</param>
/// <param name="Html">The cell in HTML, encoded by the caller.</param>
public sealed record ComparisonCell(string Markdown, string Html)
{
    /// <summary>A plain-text cell: as is in Markdown, HTML-encoded on the page.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The cell.</returns>
    public static ComparisonCell Text(string text) => new(text, WebUtility.HtmlEncode(text));
}

using System.Net;

namespace QueryDoctor.Reporting;

/// <summary>A cell of a <see cref="ComparisonTable"/>, as Markdown and as HTML.</summary>
public sealed record ComparisonCell
{
    /// <summary>The cell in Markdown, escaped by the caller.</summary>
    public required string Markdown { get; init; }

    /// <summary>The cell in HTML, encoded by the caller.</summary>
    public required string Html { get; init; }

    /// <summary>A plain-text cell: as is in Markdown, HTML-encoded on the page.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The cell.</returns>
    public static ComparisonCell Text(string text) => new() { Markdown = text, Html = WebUtility.HtmlEncode(text) };
}

namespace QueryDoctor.Reporting;

/// <summary>A column of a <see cref="ComparisonTable"/>.</summary>
/// <param name="MarkdownHeader">Its header in Markdown.</param>
/// <param name="HtmlHeader">Its header on the HTML page (plain text; encoded when written).</param>
/// <param name="Numeric">Whether it holds numbers (right-aligned).</param>
public sealed record ComparisonColumn(string MarkdownHeader, string HtmlHeader, bool Numeric = false);

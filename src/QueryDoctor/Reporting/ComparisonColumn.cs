namespace QueryDoctor.Reporting;

/// <summary>A column of a <see cref="ComparisonTable"/>.</summary>
public sealed record ComparisonColumn
{
    /// <summary>Its header in Markdown.</summary>
    public required string MarkdownHeader { get; init; }

    /// <summary>Its header on the HTML page (plain text; encoded when written).</summary>
    public required string HtmlHeader { get; init; }

    /// <summary>Whether it holds numbers (right-aligned).</summary>
    public bool Numeric { get; init; }
}

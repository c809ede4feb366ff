using QueryDoctor.Reporting;

namespace QueryDoctor.Cli.Rendering;

/// <summary>
/// Renders a before/after comparison in the format <c>--format</c> names; one place for <c>compare</c> and <c>demo</c>.
/// Markdown and HTML are the shared <see cref="ComparisonTable"/>; SARIF is the findings still to fix; JSON and the
/// console table are each command's own (JSON is a published contract per command).
/// </summary>
internal sealed class ComparisonRenderer
{
    /// <summary>The table, for Markdown and HTML (built only when one of them is asked for).</summary>
    public required Func<ComparisonTable> Table { get; init; }

    /// <summary>HTML after the page's charts (encoded by the command); none by default.</summary>
    public Func<string> HtmlAppendix { get; init; } = () => "";

    /// <summary>The findings SARIF carries.</summary>
    public required Func<AnalysisReport> Findings { get; init; }

    /// <summary>Writes the command's JSON.</summary>
    public required Action<TextWriter> Json { get; init; }

    /// <summary>Writes the command's console view (the flag: colours on).</summary>
    public required Action<TextWriter, bool> Console { get; init; }

    public void Render(string format, TextWriter writer, bool colors)
    {
        switch (format)
        {
            case "json":
                Json(writer);
                break;
            case "sarif":
                SarifReportWriter.Write(Findings(), writer);
                break;
            case "markdown":
                Table().WriteMarkdown(writer);
                break;
            case "html":
                Table().WriteHtml(writer, HtmlAppendix());
                break;
            default:
                Console(writer, colors);
                break;
        }
    }
}

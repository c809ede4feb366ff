using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using QueryDoctor.Reporting.Charts;

namespace QueryDoctor.Reporting;

/// <summary>
/// A before/after comparison written once for every command that has one (<c>compare</c>: scopes of two logs;
/// <c>demo</c>: scenarios run naive then optimised): the Markdown table, the HTML page (the table, then the queries
/// and time charts, in the report's stylesheet) and the JSON skeleton. The command fills in the columns and the cells;
/// how they are laid out, encoded and charted is here.
/// </summary>
public sealed class ComparisonTable
{
    private static readonly string[] MeasureHeaders = ["Queries before", "Queries after", "ms before", "ms after"];

    /// <summary>The page's title and heading, e.g. "QueryDoctor comparison".</summary>
    public required string Title { get; init; }

    /// <summary>A paragraph under the heading (plain text); none when <see langword="null"/>.</summary>
    public string? Intro { get; init; }

    /// <summary>The columns, in order.</summary>
    public required IReadOnlyList<ComparisonColumn> Columns { get; init; }

    /// <summary>The rows, in order; each has one cell per column.</summary>
    public required IReadOnlyList<ComparisonRow> Rows { get; init; }

    /// <summary>The four columns every comparison has: queries and milliseconds, before and after (numeric).</summary>
    /// <param name="lowercaseMarkdown">Whether the Markdown headers are lowercase (<c>demo</c>'s table, as published).</param>
    /// <returns>The columns, in order.</returns>
    public static IEnumerable<ComparisonColumn> MeasureColumns(bool lowercaseMarkdown = false) =>
        MeasureHeaders.Select(header => new ComparisonColumn { MarkdownHeader = lowercaseMarkdown ? header.ToLowerInvariant() : header, HtmlHeader = header, Numeric = true });

    /// <summary>Milliseconds as the comparison tables write them: whole numbers from 100 up, else one decimal.</summary>
    /// <param name="ms">The milliseconds.</param>
    /// <returns>The text.</returns>
    public static string Ms(double ms) => ms.ToString(ms >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture);

    /// <summary>Writes the table as GitHub-flavoured Markdown (numeric columns right-aligned).</summary>
    /// <param name="writer">Where to write.</param>
    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var text = new StringBuilder();
        text.Append('|');
        foreach (var column in Columns)
        {
            text.Append(' ').Append(column.MarkdownHeader).Append(" |");
        }

        text.Append("\n|");
        foreach (var column in Columns)
        {
            text.Append(column.Numeric ? " ---: |" : " --- |");
        }

        text.Append('\n');
        foreach (var row in Rows)
        {
            text.Append('|');
            foreach (var cell in row.Cells)
            {
                text.Append(' ').Append(cell.Markdown).Append(" |");
            }

            text.Append('\n');
        }

        writer.Write(text.ToString());
    }

    /// <summary>
    /// Writes the comparison as one self-contained HTML page: the table, then the before → after charts of queries and
    /// time, then <paramref name="appendix"/> (HTML the caller has encoded), in the report's stylesheet.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="appendix">More HTML after the charts, e.g. the findings of each row.</param>
    public void WriteHtml(TextWriter writer, string appendix = "")
    {
        ArgumentNullException.ThrowIfNull(writer);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(Title)).Append("</title>\n<style>")
            .Append(ReportStylesheet.Css).Append("</style>\n</head>\n<body>\n<h1>").Append(Encode(Title)).Append("</h1>\n");
        if (Intro is not null)
        {
            html.Append("<p>").Append(Encode(Intro)).Append("</p>\n");
        }

        html.Append("<table>\n<thead><tr>");
        foreach (var column in Columns)
        {
            html.Append("<th>").Append(Encode(column.HtmlHeader)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Cells.Count; i++)
            {
                html.Append(Columns[i].Numeric ? "<td class=\"n\">" : "<td>").Append(row.Cells[i].Html).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n<h2>Before → after</h2>\n")
            .Append(BeforeAfterChart.Render("queries", "Queries", [.. Rows.Select(r => new BeforeAfterRow { Label = r.Label, Before = r.QueriesBefore, After = r.QueriesAfter })]))
            .Append(BeforeAfterChart.Render("time", "Time (ms)", [.. Rows.Select(r => new BeforeAfterRow { Label = r.Label, Before = r.MillisecondsBefore, After = r.MillisecondsAfter })]))
            .Append('\n').Append(appendix).Append("</body>\n</html>\n");
        writer.Write(html.ToString());
    }

    /// <summary>
    /// Writes the JSON of a comparison: <c>{ "<paramref name="array"/>": [ { "<paramref name="key"/>": …, "before": …,
    /// "after": … } ] }</c>, indented, one line break at the end. Each side is written by <paramref name="writeSide"/>
    /// under the name it is given.
    /// </summary>
    /// <typeparam name="TSide">What one side of a row is.</typeparam>
    /// <param name="writer">Where to write.</param>
    /// <param name="array">The name of the rows' array.</param>
    /// <param name="key">The name of a row's label.</param>
    /// <param name="rows">The rows: label, before, after.</param>
    /// <param name="writeSide">Writes one side as a property of the given name.</param>
    public static void WriteJson<TSide>(TextWriter writer, string array, string key, IEnumerable<(string Label, TSide Before, TSide After)> rows, Action<Utf8JsonWriter, string, TSide> writeSide)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writeSide);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, ReportJson.Options))
        {
            json.WriteStartObject();
            json.WriteStartArray(array);
            foreach (var (label, before, after) in rows)
            {
                json.WriteStartObject();
                json.WriteString(key, label);
                writeSide(json, "before", before);
                writeSide(json, "after", after);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}

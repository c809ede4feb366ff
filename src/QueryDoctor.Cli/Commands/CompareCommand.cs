using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using QueryDoctor.Capture;
using QueryDoctor.Cli.Rendering;
using QueryDoctor.Reporting;
using QueryDoctor.Reporting.Charts;
using Spectre.Console;

namespace QueryDoctor.Cli.Commands;

/// <summary><c>querydoctor compare BEFORE AFTER</c>: the before/after table of two event logs, per scope.</summary>
internal static class CompareCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var before = new Argument<string>("BEFORE") { Description = "Event log of the run before the change." };
        var after = new Argument<string>("AFTER") { Description = "Event log of the run after the change." };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Skip lines that are not valid events." };
        var command = new Command("compare", "Compare two event logs: queries and time per scope, before and after.");
        command.Arguments.Add(before);
        command.Arguments.Add(after);
        command.Options.Add(skipInvalid);
        common.AddTo(command);
        command.SetAction(parse =>
        {
            var format = parse.GetValue(common.Format) ?? "console";
            var failOn = CommonOptions.ParseSeverity(parse.GetValue(common.FailOn));
            var skip = parse.GetValue(skipInvalid);
            var first = AnalyzeCommand.Analyze(console, [parse.GetValue(before)!], new Detection.DetectionOptions(), skip);
            var second = AnalyzeCommand.Analyze(console, [parse.GetValue(after)!], new Detection.DetectionOptions(), skip);
            var rows = WorkloadComparison.Compare(first, second);
            ReportOutput.Write(console, parse.GetValue(common.Output), (writer, colors) =>
            {
                switch (format)
                {
                    case "json":
                        WriteJson(rows, writer);
                        break;
                    case "sarif":
                        // Code scanning wants what is left to fix: the findings of the run after the change.
                        writer.Write(SarifReportWriter.ToSarif(second));
                        break;
                    case "markdown":
                        WriteMarkdown(rows, writer);
                        break;
                    case "html":
                        WriteHtml(rows, writer);
                        break;
                    default:
                        Render(rows, writer, colors);
                        break;
                }
            });
            return failOn is { } level && second.HighestSeverity >= level ? ExitCodes.FindingsAtOrAboveFailOn : ExitCodes.Success;
        });
        return command;
    }

    private static void Render(IReadOnlyList<ScopeComparison> rows, TextWriter writer, bool colors)
    {
        var console = ConsoleReportRenderer.CreateConsole(writer, colors);
        var table = new Table().Border(TableBorder.Rounded);
        var perInstance = rows.Any(r => r.Before?.Instances > 1 || r.After?.Instances > 1);
        var suffix = perInstance ? " (median, p95)" : "";
        table.AddColumn("Scope");
        table.AddColumn(new TableColumn("Queries before" + suffix).RightAligned());
        table.AddColumn(new TableColumn("Queries after" + suffix).RightAligned());
        table.AddColumn(new TableColumn("ms before" + suffix).RightAligned());
        table.AddColumn(new TableColumn("ms after" + suffix).RightAligned());
        table.AddColumn(new TableColumn("Change").RightAligned());
        table.AddColumn("Findings before → after");
        foreach (var row in rows)
        {
            table.AddRow(
                new Text(ConsoleText.Safe(ScopeCell(row))),
                new Text(Queries(row.Before)),
                new Text(Queries(row.After)),
                new Text(MsCell(row.Before)),
                new Text(MsCell(row.After)),
                new Markup(Change(row)),
                new Text($"{Rules(row.Before)} → {Rules(row.After)}"));
        }

        console.Write(table);
    }

    private static void WriteMarkdown(IReadOnlyList<ScopeComparison> rows, TextWriter writer)
    {
        writer.Write("| Scope | Queries before | Queries after | ms before | ms after | Change | Findings before → after |\n");
        writer.Write("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        foreach (var row in rows)
        {
            writer.Write(
                $"| {ScopeCell(row).Replace("|", "\\|", StringComparison.Ordinal)} | {Queries(row.Before)} | {Queries(row.After)} | " +
                $"{MsCell(row.Before)} | {MsCell(row.After)} | " +
                $"{ChangeText(row)} | {Rules(row.Before)} → {Rules(row.After)} |\n");
        }
    }

    private static void WriteHtml(IReadOnlyList<ScopeComparison> rows, TextWriter writer)
    {
        static string E(string value) => System.Net.WebUtility.HtmlEncode(value);
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>QueryDoctor comparison</title>\n");
        writer.Write("<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem}" +
                     "table{border-collapse:collapse;width:100%}th,td{padding:.4rem .5rem;border-bottom:1px solid #e6e9ec;text-align:left}" +
                     "td.n{text-align:right}th{background:#f6f8fa}</style>\n</head>\n<body>\n<h1>QueryDoctor comparison</h1>\n");
        writer.Write("<table>\n<thead><tr><th>Scope</th><th>Queries before</th><th>Queries after</th><th>ms before</th><th>ms after</th>" +
                     "<th>Change</th><th>Findings before → after</th></tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            writer.Write(
                $"<tr><td>{E(ScopeCell(row))}</td><td class=\"n\">{Queries(row.Before)}</td><td class=\"n\">{Queries(row.After)}</td>" +
                $"<td class=\"n\">{MsCell(row.Before)}</td><td class=\"n\">{MsCell(row.After)}</td>" +
                $"<td class=\"n\">{E(ChangeText(row))}</td><td>{E($"{Rules(row.Before)} → {Rules(row.After)}")}</td></tr>\n");
        }

        writer.Write("</tbody>\n</table>\n<h2>Before → after</h2>\n");
        writer.Write(BeforeAfterChart.Render("queries", "Queries", [.. rows.Select(r => new BeforeAfterRow { Label = r.Scope, Before = r.Before?.Queries, After = r.After?.Queries })]));
        writer.Write(BeforeAfterChart.Render("time", "Time (ms)", [.. rows.Select(r => new BeforeAfterRow { Label = r.Scope, Before = r.Before?.Milliseconds, After = r.After?.Milliseconds })]));
        writer.Write("\n</body>\n</html>\n");
    }

    /// <summary>The scope, with its instance counts when a side has several (<c>GET /x (40 → 38 requests)</c>).</summary>
    private static string ScopeCell(ScopeComparison row) =>
        row.Before?.Instances > 1 || row.After?.Instances > 1
            ? $"{row.Scope} ({Count(row.Before)} → {Count(row.After)} {Analysis.InstanceWording.Noun(row.Scope, 2)})"
            : row.Scope;

    private static string Count(ScopeTotals? totals) => totals?.Instances.ToString(CultureInfo.InvariantCulture) ?? "0";

    /// <summary>Queries of one instance: the count for a single instance, <c>median · p95</c> for several.</summary>
    private static string Queries(ScopeTotals? totals) =>
        totals is null ? "—"
        : totals.Instances > 1 ? $"{Number(totals.QueriesMedian)} · {Number(totals.QueriesP95)}"
        : totals.Queries.ToString(CultureInfo.InvariantCulture);

    private static string MsCell(ScopeTotals? totals) =>
        totals is null ? "—" : totals.Instances > 1 ? $"{Ms(totals.Milliseconds)} · {Ms(totals.MillisecondsP95)}" : Ms(totals.Milliseconds);

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string ChangeText(ScopeComparison row)
    {
        var markup = Change(row);
        return markup.Length == 0 ? "" : Markup.Remove(markup);
    }

    private static string Change(ScopeComparison row)
    {
        if (row.Before is not { } b || row.After is not { } a || b.Queries == 0)
        {
            return "";
        }

        // Per instance: the medians (for single-instance scopes the counts themselves).
        var ratio = a.Instances > 1 || b.Instances > 1 ? (b.QueriesMedian == 0 ? 1 : a.QueriesMedian / b.QueriesMedian) : (double)a.Queries / b.Queries;
        var text = ratio < 1
            ? $"{(1 - ratio) * 100:0}% fewer"
            : ratio > 1 ? $"{(ratio - 1) * 100:0}% more" : "same";
        var color = ratio < 1 ? "green" : ratio > 1 ? "red" : "grey";
        return $"[{color}]{text.ToString(CultureInfo.InvariantCulture)}[/]";
    }

    private static string Rules(ScopeTotals? totals) =>
        totals is null ? "—" : totals.Findings.Count == 0 ? "none" : string.Join(", ", totals.Findings);

    private static string Ms(double ms) => ms.ToString(ms >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture);

    private static void WriteJson(IReadOnlyList<ScopeComparison> rows, TextWriter writer)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("scopes");
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("scope", row.Scope);
                WriteSide(json, "before", row.Before);
                WriteSide(json, "after", row.After);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteSide(Utf8JsonWriter json, string name, ScopeTotals? totals)
    {
        if (totals is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("queries", totals.Queries);
        json.WriteNumber("ms", totals.Milliseconds);
        json.WriteNumber("instances", totals.Instances);
        json.WriteNumber("queriesMedian", totals.QueriesMedian);
        json.WriteNumber("queriesP95", totals.QueriesP95);
        json.WriteNumber("msMedian", totals.Milliseconds);
        json.WriteNumber("msP95", totals.MillisecondsP95);
        json.WriteStartArray("findings");
        foreach (var rule in totals.Findings)
        {
            json.WriteStringValue(rule);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}

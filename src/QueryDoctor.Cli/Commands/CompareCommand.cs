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
        table.AddColumn("Scope");
        table.AddColumn(new TableColumn("Queries before").RightAligned());
        table.AddColumn(new TableColumn("Queries after").RightAligned());
        table.AddColumn(new TableColumn("ms before").RightAligned());
        table.AddColumn(new TableColumn("ms after").RightAligned());
        table.AddColumn(new TableColumn("Change").RightAligned());
        table.AddColumn("Findings before → after");
        foreach (var row in rows)
        {
            table.AddRow(
                new Text(row.Scope),
                new Text(row.Before?.Queries.ToString(CultureInfo.InvariantCulture) ?? "—"),
                new Text(row.After?.Queries.ToString(CultureInfo.InvariantCulture) ?? "—"),
                new Text(row.Before is { } b ? Ms(b.Milliseconds) : "—"),
                new Text(row.After is { } a ? Ms(a.Milliseconds) : "—"),
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
                $"| {row.Scope.Replace("|", "\\|", StringComparison.Ordinal)} | {Queries(row.Before)} | {Queries(row.After)} | " +
                $"{(row.Before is { } b ? Ms(b.Milliseconds) : "—")} | {(row.After is { } a ? Ms(a.Milliseconds) : "—")} | " +
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
                $"<tr><td>{E(row.Scope)}</td><td class=\"n\">{Queries(row.Before)}</td><td class=\"n\">{Queries(row.After)}</td>" +
                $"<td class=\"n\">{(row.Before is { } b ? Ms(b.Milliseconds) : "—")}</td><td class=\"n\">{(row.After is { } a ? Ms(a.Milliseconds) : "—")}</td>" +
                $"<td class=\"n\">{E(ChangeText(row))}</td><td>{E($"{Rules(row.Before)} → {Rules(row.After)}")}</td></tr>\n");
        }

        writer.Write("</tbody>\n</table>\n<h2>Before → after</h2>\n");
        writer.Write(BeforeAfterChart.Render("queries", "Queries", [.. rows.Select(r => new BeforeAfterRow { Label = r.Scope, Before = r.Before?.Queries, After = r.After?.Queries })]));
        writer.Write(BeforeAfterChart.Render("time", "Time (ms)", [.. rows.Select(r => new BeforeAfterRow { Label = r.Scope, Before = r.Before?.Milliseconds, After = r.After?.Milliseconds })]));
        writer.Write("\n</body>\n</html>\n");
    }

    private static string Queries(ScopeTotals? totals) => totals?.Queries.ToString(CultureInfo.InvariantCulture) ?? "—";

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

        var ratio = (double)a.Queries / b.Queries;
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
        json.WriteStartArray("findings");
        foreach (var rule in totals.Findings)
        {
            json.WriteStringValue(rule);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}

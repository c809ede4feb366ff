using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using QueryDoctor.Capture;
using QueryDoctor.Cli.Rendering;
using QueryDoctor.Reporting;
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
            var renderer = new ComparisonRenderer
            {
                Table = () => Table(rows),
                Json = writer => WriteJson(rows, writer),

                // Code scanning wants what is left to fix: the findings of the run after the change.
                Findings = () => second,
                Console = (writer, colors) => Render(rows, writer, colors),
            };
            ReportOutput.Write(console, parse.GetValue(common.Output), (writer, colors) => renderer.Render(format, writer, colors));
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

    /// <summary>The before/after table of <c>compare</c>, for the Markdown and HTML writers.</summary>
    private static ComparisonTable Table(IReadOnlyList<ScopeComparison> rows) => new()
    {
        Title = "QueryDoctor comparison",
        Columns =
        [
            new() { MarkdownHeader = "Scope", HtmlHeader = "Scope" },
            .. ComparisonTable.MeasureColumns(),
            new() { MarkdownHeader = "Change", HtmlHeader = "Change", Numeric = true },
            new() { MarkdownHeader = "Findings before → after", HtmlHeader = "Findings before → after" },
        ],
        Rows = [.. rows.Select(row => new ComparisonRow
        {
            Label = row.Scope,
            Cells =
            [
                new() { Markdown = ScopeCell(row).Replace("|", "\\|", StringComparison.Ordinal), Html = WebUtility.HtmlEncode(ScopeCell(row)) },
                Raw(Queries(row.Before)),
                Raw(Queries(row.After)),
                Raw(MsCell(row.Before)),
                Raw(MsCell(row.After)),
                ComparisonCell.Text(ChangeText(row)),
                ComparisonCell.Text($"{Rules(row.Before)} → {Rules(row.After)}"),
            ],
            QueriesBefore = row.Before?.Queries,
            QueriesAfter = row.After?.Queries,
            MillisecondsBefore = row.Before?.Milliseconds,
            MillisecondsAfter = row.After?.Milliseconds,
        })],
    };

    /// <summary>A cell of digits and separators, written as is in both formats.</summary>
    private static ComparisonCell Raw(string text) => new() { Markdown = text, Html = text };

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
        totals is null ? "—" : totals.Instances > 1 ? $"{ComparisonTable.Ms(totals.Milliseconds)} · {ComparisonTable.Ms(totals.MillisecondsP95)}" : ComparisonTable.Ms(totals.Milliseconds);

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


    private static void WriteJson(IReadOnlyList<ScopeComparison> rows, TextWriter writer) =>
        ComparisonTable.WriteJson(writer, "scopes", "scope", rows.Select(r => (r.Scope, r.Before, r.After)), WriteSide);

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

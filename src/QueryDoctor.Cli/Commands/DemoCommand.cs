using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using QueryDoctor.Cli.Rendering;
using QueryDoctor.Reporting;
using QueryDoctor.Samples.Demo;
using Spectre.Console;

namespace QueryDoctor.Cli.Commands;

/// <summary>
/// <c>querydoctor demo</c>: the three source systems rebuilt on embedded SQLite, each scenario run naive
/// then optimised and judged by the scope rules; a before/after table per scenario.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();

        // JSON is the before/after contract (CONTRACTS.md §5); SARIF carries the naive runs' findings for code scanning.
        var format = common.Format;
        var scale = new Option<int>("--scale")
        {
            Description = "Data size multiplier (default 1: small, a few seconds). Query counts do not depend on it; times do.",
            DefaultValueFactory = _ => 1,
            HelpName = "n",
        };
        var only = new Option<string[]>("--only")
        {
            Description = "Run only the scenarios whose id starts with this prefix, e.g. --only datetree. Repeatable.",
            HelpName = "prefix",
        };
        var db = new Option<string?>("--db")
        {
            Description = "Run on PostgreSQL instead of embedded SQLite: a connection string. Each system gets a schema qd_demo_<system>, dropped afterwards.",
            HelpName = "connection",
        };
        var command = new Command(
            "demo",
            "Rebuild TimeLedger, DateTree and Studio on embedded SQLite (or PostgreSQL with --db), run naive and optimised code, and show the findings and the measured before/after.");
        command.Options.Add(format);
        command.Options.Add(common.Output);
        command.Options.Add(scale);
        command.Options.Add(only);
        command.Options.Add(db);
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(format) ?? "console";
            var size = parse.GetValue(scale);
            if (size is < 1 or > 1000)
            {
                throw new UsageException($"--scale must be between 1 and 1000, not {size}");
            }

            var prefixes = parse.GetValue(only) ?? [];
            var unknown = prefixes.FirstOrDefault(p => !DemoRunner.ScenarioIds.Any(id => id.StartsWith(p, StringComparison.Ordinal)));
            if (unknown is not null)
            {
                throw new UsageException($"--only '{unknown}' matches no scenario (ids start with timeledger., datetree. or studio.)");
            }

            DemoReport report;
            try
            {
                report = DemoRunner.Run(new DemoOptions
                {
                    Scale = size,
                    Only = prefixes,
                    PostgresConnectionString = parse.GetValue(db),
                    Progress = console.ErrorIsTerminal ? message => console.Error.WriteLine("querydoctor: " + message) : null,
                });
            }
            catch (DemoDatabaseException exception)
            {
                throw new UsageException(exception.Message);
            }

            var renderer = new ComparisonRenderer
            {
                Table = () => Table(report),
                HtmlAppendix = () => FindingsHtml(report),
                Json = writer => WriteJson(report, writer),
                Findings = () => Findings(report),
                Console = (writer, colors) => Render(report, writer, colors),
            };
            ReportOutput.Write(console, parse.GetValue(common.Output), (writer, colors) => renderer.Render(chosen, writer, colors));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(DemoReport report, TextWriter writer, bool colors)
    {
        var console = ConsoleReportRenderer.CreateConsole(writer, colors);
        console.MarkupLine(
            $"[bold]QueryDoctor demo[/] · {report.Scenarios.Count} scenario{(report.Scenarios.Count == 1 ? "" : "s")} on {(report.Database == "sqlite" ? "embedded SQLite" : "PostgreSQL")} (scale {report.Scale}) · " +
            "each run naive (before) then optimised (after), warm, in its own scope");
        console.WriteLine();
        foreach (var scenario in report.Scenarios)
        {
            console.Write(new Rule($"[bold]{Markup.Escape(scenario.System)}[/] · {Markup.Escape(scenario.Id)} · {Markup.Escape(scenario.Title)}")
            {
                Justification = Justify.Left,
            });
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("");
            table.AddColumn(new TableColumn("Before (naive)").RightAligned());
            table.AddColumn(new TableColumn("After (optimised)").RightAligned());
            table.AddColumn(new TableColumn("Change").RightAligned());
            var (before, after) = (scenario.Before, scenario.After);
            table.AddRow(
                new Text("Queries"),
                new Text(before.Queries.ToString("N0", CultureInfo.InvariantCulture)),
                new Text(after.Queries.ToString("N0", CultureInfo.InvariantCulture)),
                new Markup(QueryChange(before.Queries, after.Queries)));
            table.AddRow(new Text("Time (ms)"), new Text(ComparisonTable.Ms(before.Milliseconds)), new Text(ComparisonTable.Ms(after.Milliseconds)), new Markup(TimeChange(before.Milliseconds, after.Milliseconds)));
            table.AddRow(new Text("Findings"), new Text(Rules(before)), new Text(Rules(after)), new Text(""));
            if (before.Plan is not null || after.Plan is not null)
            {
                table.AddRow(new Text("Plan"), new Text(before.Plan ?? ""), new Text(after.Plan ?? ""), new Text(""));
            }

            console.Write(table);
            foreach (var finding in before.Findings)
            {
                console.MarkupLine($"  [yellow]before[/] {Markup.Escape(finding.Rule)}: {Markup.Escape(finding.Message)}");
                if (finding.Suggestion is { } suggestion)
                {
                    console.MarkupLine($"         [grey]fix: {Markup.Escape(suggestion)}[/]");
                }
            }

            foreach (var finding in after.Findings)
            {
                console.MarkupLine($"  [red]after[/] {Markup.Escape(finding.Rule)}: {Markup.Escape(finding.Message)}");
            }

            console.WriteLine();
        }

        var queriesBefore = report.Scenarios.Sum(s => s.Before.Queries);
        var queriesAfter = report.Scenarios.Sum(s => s.After.Queries);
        var findingsBefore = report.Scenarios.Sum(s => s.Before.Findings.Count);
        var findingsAfter = report.Scenarios.Sum(s => s.After.Findings.Count);
        console.MarkupLine(
            $"[bold]In all:[/] {queriesBefore.ToString("N0", CultureInfo.InvariantCulture)} → {queriesAfter.ToString("N0", CultureInfo.InvariantCulture)} queries, " +
            $"{findingsBefore} → {findingsAfter} findings.");
    }

    private static string QueryChange(int before, int after)
    {
        if (before == 0 || before == after)
        {
            return "[grey]same[/]";
        }

        return after < before
            ? $"[green]{((1 - ((double)after / before)) * 100).ToString("0", CultureInfo.InvariantCulture)}% fewer[/]"
            : $"[red]{((((double)after / before) - 1) * 100).ToString("0", CultureInfo.InvariantCulture)}% more[/]";
    }

    private static string TimeChange(double before, double after) =>
        after <= 0 || before <= 0
            ? ""
            : before >= after
                ? $"[green]{(before / after).ToString("0.0", CultureInfo.InvariantCulture)}x faster[/]"
                : $"[yellow]{(after / before).ToString("0.0", CultureInfo.InvariantCulture)}x slower[/]";

    private static string Rules(ScenarioSide side) => side.Rules.Count == 0 ? "none" : string.Join(", ", side.Rules);


    /// <summary>The before/after table of the demo, one row per scenario, for the Markdown and HTML writers.</summary>
    private static ComparisonTable Table(DemoReport report) => new()
    {
        Title = "QueryDoctor demo",
        Intro = $"{report.Scenarios.Count} scenarios on {(report.Database == "sqlite" ? "embedded SQLite" : "PostgreSQL")} (scale {report.Scale.ToString(CultureInfo.InvariantCulture)}), each run naive (before) then optimised (after)",
        Columns =
        [
            new() { MarkdownHeader = "scenario", HtmlHeader = "Scenario" },
            .. ComparisonTable.MeasureColumns(lowercaseMarkdown: true),
            new() { MarkdownHeader = "findings before", HtmlHeader = "Findings before" },
            new() { MarkdownHeader = "findings after", HtmlHeader = "Findings after" },
        ],
        Rows = [.. report.Scenarios.Select(s => new ComparisonRow
        {
            Label = s.Id,
            Cells =
            [
                new() { Markdown = "`" + s.Id + "`", Html = "<code>" + WebUtility.HtmlEncode(s.Id) + "</code><br>" + WebUtility.HtmlEncode(s.Title) },
                Queries(s.Before),
                Queries(s.After),
                Raw(ComparisonTable.Ms(s.Before.Milliseconds)),
                Raw(ComparisonTable.Ms(s.After.Milliseconds)),
                ComparisonCell.Text(Rules(s.Before)),
                ComparisonCell.Text(Rules(s.After)),
            ],
            QueriesBefore = s.Before.Queries,
            QueriesAfter = s.After.Queries,
            MillisecondsBefore = s.Before.Milliseconds,
            MillisecondsAfter = s.After.Milliseconds,
        })],
    };

    /// <summary>Queries as a plain number in Markdown and with thousands separators on the page.</summary>
    private static ComparisonCell Queries(ScenarioSide side) =>
        new() { Markdown = side.Queries.ToString(CultureInfo.InvariantCulture), Html = side.Queries.ToString("N0", CultureInfo.InvariantCulture) };

    /// <summary>A cell of digits and separators, written as is in both formats.</summary>
    private static ComparisonCell Raw(string text) => new() { Markdown = text, Html = text };

    /// <summary>Every finding of the demo, before and after, as one findings report.</summary>
    private static AnalysisReport Findings(DemoReport report) => new()
    {
        Findings = [.. report.Scenarios.SelectMany(s => s.Before.Findings.Concat(s.After.Findings))],
        EventCount = report.Scenarios.Sum(s => (long)s.Before.Queries + s.After.Queries),
    };

    /// <summary>What the page shows after the shared table and charts: each scenario's findings with their fixes.</summary>
    private static string FindingsHtml(DemoReport report)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        foreach (var s in report.Scenarios.Where(s => s.Before.Findings.Count + s.After.Findings.Count > 0))
        {
            html.Append("<h2>").Append(E(s.Id)).Append("</h2>\n<ul>\n");
            foreach (var (side, finding) in s.Before.Findings.Select(f => ("before", f)).Concat(s.After.Findings.Select(f => ("after", f))))
            {
                html.Append("<li>").Append(side).Append(": <code>").Append(E(finding.Rule)).Append("</code> ").Append(E(finding.Message));
                if (finding.Suggestion is { } suggestion)
                {
                    html.Append("<div class=\"fix\">").Append(E(suggestion)).Append("</div>");
                }

                html.Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        return html.ToString();
    }

    private static void WriteJson(DemoReport report, TextWriter writer) =>
        ComparisonTable.WriteJson(writer, "scenarios", "id", report.Scenarios.Select(s => (s.Id, s.Before, s.After)), WriteSide);

    private static void WriteSide(Utf8JsonWriter json, string name, ScenarioSide side)
    {
        json.WriteStartObject(name);
        json.WriteNumber("queries", side.Queries);
        json.WriteNumber("ms", Math.Round(side.Milliseconds, 2));
        json.WriteStartArray("findings");
        foreach (var rule in side.Rules)
        {
            json.WriteStringValue(rule);
        }

        json.WriteEndArray();
        if (side.Plan is not null)
        {
            json.WriteString("plan", side.Plan);
        }

        json.WriteEndObject();
    }
}

using System.Globalization;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QueryDoctor.Cli.Rendering;

/// <summary>Renders a report for people: one table per scope with findings, each finding with its suggestion.</summary>
internal static class ConsoleReportRenderer
{
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="colors">Whether to colour.</param>
    /// <param name="fromLog">Whether the report came from event logs (analyze), so an empty one means no statements were read.</param>
    public static void Render(AnalysisReport report, TextWriter writer, bool colors, bool fromLog = false)
    {
        var console = CreateConsole(writer, colors);
        var byRule = report.CountByRule();
        var scopesWithFindings = report.Findings.Select(f => f.Scope).Where(s => s is not null).Distinct().Count();

        // A report without a workload is a database check (doctor): there are no statements or scopes to count.
        var workload = fromLog || report.ScopeCount > 0 || report.EventCount > 0;
        console.MarkupLine(
            workload
                ? $"[bold]QueryDoctor[/] · {report.EventCount.ToString("N0", CultureInfo.InvariantCulture)} statements in " +
                  $"{report.ScopeCount} scope{Plural(report.ScopeCount)}" +
                  (report.ScopeInstances > report.ScopeCount ? $" ({report.ScopeInstances.ToString("N0", CultureInfo.InvariantCulture)} instances)" : "") +
                  (report.LateEvents > 0 ? $" · [yellow]{report.LateEvents} late line{Plural(report.LateEvents)} not judged[/]" : "") +
                  (report.JudgedEarly > 0 ? $" · [yellow]{report.JudgedEarly} instance{Plural(report.JudgedEarly)} judged early (--max-open-scopes)[/]" : "") +
                  (report.SkippedLines > 0 ? $" · [yellow]{report.SkippedLines} invalid line{Plural(report.SkippedLines)} skipped[/]" : "")
                : "[bold]QueryDoctor[/] · database schema");
        console.WriteLine();

        if (workload && report.EventCount == 0 && report.Findings.Count == 0)
        {
            console.MarkupLine(report.SkippedLines > 0
                ? "[yellow]No statements to analyse:[/] every line of the event log was skipped as invalid."
                : "[yellow]No statements to analyse:[/] the event log holds no query lines.");
            return;
        }

        if (report.Findings.Count == 0)
        {
            console.MarkupLine(
                report.HasBaseline ? "[green]No new findings.[/]"
                : report.Suppressed.Count > 0 ? "[green]No findings[/] besides the suppressed ones."
                : workload ? "[green]No findings.[/] Every scope stayed within the rules." : "[green]No findings.[/] The schema passed every check.");
            WriteAccepted(console, report);
            return;
        }

        foreach (var group in report.Findings.GroupBy(f => f.Scope))
        {
            var scope = report.Scopes.FirstOrDefault(s => s.Name == group.Key);
            var title = scope is null && report.ScopeSummaries.FirstOrDefault(s => s.Name == group.Key) is { } summary
                ? $"[bold]{E(group.Key ?? "(database)")}[/] · {E(summary.Describe())}"
                : Header(group.Key, scope);
            console.Write(new Rule(title) { Justification = Justify.Left });
            var table = new Table().Border(TableBorder.Rounded).Expand();
            table.AddColumn(new TableColumn("Severity").NoWrap());
            table.AddColumn(new TableColumn("Rule").NoWrap());
            table.AddColumn(new TableColumn("Count").RightAligned().NoWrap());
            table.AddColumn(new TableColumn("Finding and fix"));
            foreach (var finding in group)
            {
                table.AddRow(
                    SeverityMarkup(finding.Severity),
                    new Text(ConsoleText.Safe(finding.Rule)),
                    new Text(finding.Count?.ToString(CultureInfo.InvariantCulture) ?? ""),
                    Details(finding));
            }

            console.Write(table);
            console.WriteLine();
        }

        var clean = report.ScopeCount - scopesWithFindings;
        console.MarkupLine(
            $"[bold]{report.Findings.Count} finding{Plural(report.Findings.Count)}[/] (" +
            string.Join(", ", byRule.Select(r => $"{E(r.Key)} {r.Value}")) + ")" +
            (workload ? $" in {scopesWithFindings} scope{Plural(scopesWithFindings)}" : "") +
            (clean > 0 ? $"; {clean} scope{Plural(clean)} clean" : "") + ".");
        WriteAccepted(console, report);
    }

    private static void WriteAccepted(IAnsiConsole console, AnalysisReport report)
    {
        if (report.Suppressed.Count > 0)
        {
            console.MarkupLine("[grey]" + E(ReportText.Suppressed(report)) + ".[/]");
            foreach (var suppressed in report.Suppressed)
            {
                console.MarkupLine("[grey]  " + E(ReportText.SuppressedLine(suppressed)) + "[/]");
            }
        }

        if (!report.HasBaseline)
        {
            return;
        }

        console.MarkupLine("[grey]" + E(ReportText.Baselined(report)) + ".[/]");
        foreach (var finding in report.Baselined)
        {
            console.MarkupLine("[grey]  " + E($"{finding.Rule} · {finding.Scope ?? finding.Table ?? ""} · {finding.Message}") + "[/]");
        }
    }

    public static IAnsiConsole CreateConsole(TextWriter writer, bool colors)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = colors ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colors ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!colors)
        {
            console.Profile.Width = 120;
        }

        return console;
    }

    private static string Header(string? name, QueryScope? scope)
    {
        var title = $"[bold]{E(name ?? "(database)")}[/]";
        if (scope is null)
        {
            return title;
        }

        var parts = new List<string> { $"{scope.StatementCount} statement{Plural(scope.StatementCount)}" };
        if (scope.TotalDuration > TimeSpan.Zero)
        {
            parts.Add($"{Ms(scope.TotalDuration)} in the database");
        }

        if (scope.Duration is { } total)
        {
            parts.Add($"{Ms(total)} total");
        }

        return $"{title} [grey]({string.Join(", ", parts)})[/]";
    }

    private static Rows Details(Finding finding)
    {
        var lines = new List<IRenderable> { new Markup(E(finding.Message)) };
        if (finding.OtherCallSites is { Count: > 0 } others)
        {
            lines.Add(new Markup("[grey]also at " + E(string.Join("; ", others)) + "[/]"));
        }

        if (finding.Sql is { } sql)
        {
            lines.Add(new Markup("[grey]" + E(Shorten(sql, 160)) + "[/]"));
        }

        if (finding.Suggestion is { } suggestion)
        {
            lines.Add(new Markup("[cyan]→ " + E(suggestion) + "[/]"));
        }

        if (finding.Ddl is { } ddl)
        {
            lines.Add(new Markup("[cyan]  " + E(ddl) + "[/]"));
        }

        return new Rows(lines);
    }

    /// <summary>Input text made safe for a terminal, then escaped for Spectre markup.</summary>
    private static string E(string text) => Markup.Escape(ConsoleText.Safe(text));

    private static Markup SeverityMarkup(Severity severity) => severity switch
    {
        Severity.Error => new Markup("[red bold]error[/]"),
        Severity.Warning => new Markup("[yellow]warning[/]"),
        _ => new Markup("[blue]info[/]"),
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Ms(TimeSpan duration) =>
        duration.TotalMilliseconds.ToString(duration.TotalMilliseconds >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Plural(long count) => count == 1 ? "" : "s";
}

using System.CommandLine;
using System.Globalization;
using QueryDoctor.Capture;
using QueryDoctor.Cli.Rendering;
using QueryDoctor.Detection;
using QueryDoctor.Inspection;
using QueryDoctor.Reporting;
using Spectre.Console;

namespace QueryDoctor.Cli.Commands;

/// <summary><c>querydoctor analyze FILE...</c>: findings for JSON Lines event logs.</summary>
internal static class AnalyzeCommand
{
    private const long ProgressMinimumBytes = 16L << 20;

    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var inputs = new AnalyzeInputs();
        var command = new Command(
            "analyze",
            "Find N+1 queries, duplicates, slow and unbounded queries in event logs; with --db also full table scans (from the database's plans) and schema findings.");
        inputs.AddTo(command);
        common.AddTo(command);
        common.AddBaselineTo(command);
        command.SetAction(parse =>
        {
            var report = inputs.Run(console, parse);
            return inputs.HasDatabase(parse)
                ? Render(console, parse, common, report, [.. Rules.Scope, .. DatabaseRules.All])
                : Render(console, parse, common, report);
        });
        return command;
    }

    /// <summary>Writes a report in the format and to the place the common options ask for; returns the exit code.</summary>
    /// <param name="rules">The rules that ran (described in SARIF); default: every scope rule.</param>
    internal static int Render(CliConsole console, ParseResult parse, CommonOptions common, AnalysisReport report, IEnumerable<RuleDescriptor>? rules = null)
    {
        var format = parse.GetValue(common.Format) ?? "console";
        var failOn = CommonOptions.ParseSeverity(parse.GetValue(common.FailOn));
        if (common.ReadBaseline(parse) is { } baseline)
        {
            report = report.ApplyBaseline(baseline);
        }

        ReportOutput.Write(
            console,
            parse.GetValue(common.Output),
            (writer, colors) => ReportRenderer.Render(format, report, writer, colors, rules));

        return failOn is { } level && report.HighestSeverity >= level ? ExitCodes.FindingsAtOrAboveFailOn : ExitCodes.Success;
    }

    internal static DetectionOptions BuildOptions(string[]? thresholds, string[]? severities, string[]? disabled)
    {
        var options = new DetectionOptions();
        foreach (var (rule, value) in Pairs(thresholds, "--threshold"))
        {
            if (DatabaseRules.Find(rule) is not null)
            {
                continue;
            }

            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                throw new UsageException($"--threshold {rule}={value}: '{value}' is not a number");
            }

            try
            {
                options.SetThreshold(rule, number);
            }
            catch (ArgumentException exception)
            {
                throw new UsageException($"--threshold {rule}={value}: {FirstLine(exception.Message)}");
            }
        }

        foreach (var (rule, value) in Pairs(severities, "--severity"))
        {
            if (Rules.Find(rule) is not null)
            {
                options.Severities[rule] = CommonOptions.ParseSeverity(value) ?? Severity.Warning;
            }
        }

        foreach (var rule in disabled ?? [])
        {
            RequireRule(rule, "--disable");
            if (Rules.Find(rule) is not null)
            {
                options.DisabledRules.Add(rule);
            }
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new UsageException(FirstLine(exception.Message));
        }

        return options;
    }

    /// <summary>The database rules' part of <c>--threshold</c>, <c>--severity</c> and <c>--disable</c> (the scope rules' part is ignored here).</summary>
    internal static SchemaCheckOptions BuildSchemaOptions(string[]? thresholds, string[]? severities, string[]? disabled)
    {
        var options = new SchemaCheckOptions();
        foreach (var (rule, value) in Pairs(thresholds, "--threshold"))
        {
            if (DatabaseRules.Find(rule) is null)
            {
                continue;
            }

            if (rule == DatabaseRuleIds.UnusedIndex)
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) || days < 0 || !double.IsFinite(days))
                {
                    throw new UsageException($"--threshold {rule}={value}: give the days of statistics needed, a number of 0 or more");
                }

                options.UnusedIndexMinimumStatisticsAge = TimeSpan.FromDays(days);
                continue;
            }

            if (rule != DatabaseRuleIds.FullScan)
            {
                throw new UsageException($"--threshold {rule}={value}: rule '{rule}' has no threshold");
            }

            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rows))
            {
                throw new UsageException($"--threshold {rule}={value}: '{value}' is not a whole number of rows");
            }

            options.FullScanRowThreshold = rows;
        }

        foreach (var (rule, value) in Pairs(severities, "--severity"))
        {
            if (DatabaseRules.Find(rule) is not null)
            {
                options.Severities[rule] = CommonOptions.ParseSeverity(value) ?? Severity.Warning;
            }
        }

        foreach (var rule in disabled ?? [])
        {
            RequireRule(rule, "--disable");
            if (DatabaseRules.Find(rule) is not null)
            {
                options.DisabledRules.Add(rule);
            }
        }

        return options;
    }

    /// <summary>Checks the files, reads and analyses them (with progress on a terminal), reports skipped lines.</summary>
    internal static AnalysisReport Analyze(CliConsole console, string[] paths, DetectionOptions options, bool skipInvalid)
    {
        var report = Run(console, paths, CheckFiles(paths), options, skipInvalid);
        if (report.SkippedLines > 0)
        {
            console.Diagnostic($"skipped {report.SkippedLines} invalid line{(report.SkippedLines == 1 ? "" : "s")}");
        }

        return report;
    }

    private static AnalysisReport Run(CliConsole console, string[] paths, long[] sizes, DetectionOptions options, bool skipInvalid)
    {
        var total = sizes.Sum();
        var readerOptions = new EventLogReaderOptions { SkipInvalid = skipInvalid };
        try
        {
            if (!console.ErrorIsTerminal || total < ProgressMinimumBytes)
            {
                return EventLogAnalysis.Run(paths, options, readerOptions, (rule, e) => DetectorFailed(console, rule, e));
            }

            AnalysisReport? report = null;
            var progress = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) });
            progress.Progress().AutoClear(true).Columns(
                    new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("Reading event logs", maxValue: total);
                    long done = 0;
                    readerOptions.Progress = bytes => task.Value = done + bytes;
                    var analyzer = new ScopeAnalyzer(options) { DetectorFailed = (rule, e) => DetectorFailed(console, rule, e) };
                    var recorder = new WorkloadRecorder(options);
                    var reader = new EventLogReader(recorder, readerOptions);
                    for (var i = 0; i < paths.Length; i++)
                    {
                        task.Description = "Reading " + Markup.Escape(Path.GetFileName(paths[i]));
                        reader.ReadFile(paths[i]);
                        done += sizes[i];
                    }

                    task.Description = "Analysing scopes";
                    report = EventLogAnalysis.Analyze(recorder, analyzer, reader.SkippedLines);
                    task.Value = total;
                });
            return report!;
        }
        catch (EventLogFormatException exception)
        {
            throw new UsageException(exception.Message + (skipInvalid ? "" : " (use --skip-invalid to skip such lines)"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read event log: {exception.Message}");
        }
    }

    private static long[] CheckFiles(string[] paths)
    {
        var sizes = new long[paths.Length];
        for (var i = 0; i < paths.Length; i++)
        {
            var path = paths[i];
            if (Directory.Exists(path))
            {
                throw new UsageException($"cannot read '{path}': it is a folder, not an event log");
            }

            if (!File.Exists(path))
            {
                throw new UsageException($"cannot read '{path}': no such file");
            }

            sizes[i] = new FileInfo(path).Length;
        }

        return sizes;
    }

    private static void DetectorFailed(CliConsole console, string rule, Exception exception) =>
        console.Diagnostic($"warning: the {rule} rule failed and was skipped: {FirstLine(exception.Message)}");

    internal static IEnumerable<(string Rule, string Value)> Pairs(string[]? items, string option)
    {
        foreach (var item in items ?? [])
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == item.Length - 1)
            {
                throw new UsageException($"{option} expects RULE=VALUE, got '{item}'");
            }

            var rule = item[..equals].Trim();
            RequireRule(rule, option);
            yield return (rule, item[(equals + 1)..].Trim());
        }
    }

    internal static void RequireRule(string rule, string option)
    {
        if (Rules.Find(rule) is null && DatabaseRules.Find(rule) is null)
        {
            throw new UsageException(
                $"{option}: unknown rule '{rule}'; scope rules are {string.Join(", ", Rules.Scope.Select(r => r.Id))}; " +
                $"database rules are {string.Join(", ", DatabaseRules.All.Select(r => r.Id))}");
        }
    }

    internal static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        var paramNote = line.IndexOf(" (Parameter ", StringComparison.Ordinal);
        return paramNote < 0 ? line : line[..paramNote];
    }
}

using System.CommandLine;
using System.Globalization;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Cli.Otlp;
using QueryDoctor.Cli.Rendering;
using QueryDoctor.Detection;
using QueryDoctor.EventLog;
using QueryDoctor.Inspection;
using QueryDoctor.Otlp;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;
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
                ? Render(console, parse, common, report, [.. RuleCatalogue.OfKind(RuleKind.Scope), .. RuleCatalogue.OfKind(RuleKind.Database)])
                : Render(console, parse, common, report);
        });
        return command;
    }

    /// <summary>Writes a report in the format and to the place the common options ask for; returns the exit code.</summary>
    /// <param name="rules">The rules that ran (described in SARIF); default: every scope rule.</param>
    /// <param name="workload">Whether the report is about a workload (event logs), not a database alone (doctor).</param>
    internal static int Render(CliConsole console, ParseResult parse, CommonOptions common, AnalysisReport report, IEnumerable<RuleDescriptor>? rules = null, bool workload = true)
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
            (writer, colors) => ReportRenderer.Render(format, report, writer, colors, rules, workload));

        return failOn is { } level && report.HighestSeverity >= level ? ExitCodes.FindingsAtOrAboveFailOn : ExitCodes.Success;
    }

    internal static DetectionOptions BuildOptions(string[]? thresholds, string[]? severities, string[]? disabled)
    {
        var options = new DetectionOptions();
        foreach (var (rule, value) in Pairs(thresholds, "--threshold"))
        {
            if (RequireRule(rule, "--threshold").Kind != RuleKind.Scope)
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
            if (RequireRule(rule, "--severity").Kind == RuleKind.Scope)
            {
                options.Severities[rule] = CommonOptions.ParseSeverity(value) ?? Severity.Warning;
            }
        }

        foreach (var rule in disabled ?? [])
        {
            if (RequireRule(rule, "--disable").Kind == RuleKind.Scope)
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
            if (RequireRule(rule, "--threshold").Kind != RuleKind.Database)
            {
                continue;
            }

            if (rule == RuleIds.UnusedIndex)
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) || days < 0 || !double.IsFinite(days))
                {
                    throw new UsageException($"--threshold {rule}={value}: give the days of statistics needed, a number of 0 or more");
                }

                options.UnusedIndexMinimumStatisticsAge = TimeSpan.FromDays(days);
                continue;
            }

            if (rule != RuleIds.FullScan)
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
            if (RequireRule(rule, "--severity").Kind == RuleKind.Database)
            {
                options.Severities[rule] = CommonOptions.ParseSeverity(value) ?? Severity.Warning;
            }
        }

        foreach (var rule in disabled ?? [])
        {
            if (RequireRule(rule, "--disable").Kind == RuleKind.Database)
            {
                options.DisabledRules.Add(rule);
            }
        }

        return options;
    }

    /// <summary>Checks the files, reads and analyses them (with progress on a terminal), reports skipped lines.</summary>
    internal static AnalysisReport Analyze(CliConsole console, string[] paths, DetectionOptions options, bool skipInvalid, int maxOpenScopes = WorkloadRecorder.DefaultMaxOpenInstances)
    {
        var sizes = CheckFiles(paths);
        var report = AnalyzeTraces(console, paths, options, skipInvalid) ?? Run(console, paths, sizes, options, skipInvalid, maxOpenScopes);
        if (report.SkippedLines > 0)
        {
            var shown = report.SkippedExamples.Take(5).Select(e => e.Length > 200 ? e[..200] + "…" : e).ToList();
            console.Diagnostic(
                $"skipped {report.SkippedLines} invalid line{(report.SkippedLines == 1 ? "" : "s")}" +
                (shown.Count > 0 ? $", the first: {string.Join("; ", shown)}" : ""));
        }

        if (report.JudgedEarly > 0)
        {
            console.Diagnostic(
                $"{report.JudgedEarly} scope instance{(report.JudgedEarly == 1 ? " was" : "s were")} judged before their scope line because more than {maxOpenScopes} were open (--max-open-scopes)");
        }

        return report;
    }

    private static AnalysisReport Run(CliConsole console, string[] paths, long[] sizes, DetectionOptions options, bool skipInvalid, int maxOpenScopes)
    {
        var total = sizes.Sum();
        var readerOptions = new EventLogReaderOptions { SkipInvalid = skipInvalid, MaxOpenInstances = maxOpenScopes };
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
                    var analyzer = new ScopeInstanceAnalyzer(options, (rule, e) => DetectorFailed(console, rule, e));
                    var reader = new EventLogReader(new WorkloadRecorder(analyzer, maxOpenScopes), readerOptions);
                    for (var i = 0; i < paths.Length; i++)
                    {
                        task.Description = "Reading " + Markup.Escape(ConsoleText.Safe(Path.GetFileName(paths[i])));
                        reader.ReadFile(paths[i]);
                        done += sizes[i];
                    }

                    task.Description = "Analysing scopes";
                    report = EventLogAnalysis.Finish(reader, analyzer);
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

    /// <summary>OpenTelemetry trace exports (CONTRACTS §6); <see langword="null"/> when the files are event logs.</summary>
    private static AnalysisReport? AnalyzeTraces(CliConsole console, string[] paths, DetectionOptions options, bool skipInvalid)
    {
        try
        {
            var traces = paths.Where(TraceFiles.IsTraceExport).ToList();
            if (traces.Count == 0)
            {
                return null;
            }

            if (traces.Count < paths.Length)
            {
                throw new UsageException(
                    $"'{paths.First(p => !traces.Contains(p))}' is an event log and '{traces[0]}' an OpenTelemetry trace export: analyse them in separate runs");
            }

            return TraceFiles.Analyze(paths, options, skipInvalid, (rule, e) => DetectorFailed(console, rule, e), out _);
        }
        catch (OtlpFormatException exception)
        {
            throw new UsageException(exception.Message + (skipInvalid ? "" : " (use --skip-invalid to skip such lines)"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read trace export: {exception.Message}");
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

    /// <summary>
    /// The CLI's one rule lookup: the catalogue's rule named <paramref name="rule"/>. Live-only rules
    /// (<c>cartesian-explosion</c>) never reach an offline report, so only <c>--suppress</c> accepts them.
    /// </summary>
    /// <exception cref="UsageException">The id is unknown, or live-only where that is not allowed.</exception>
    internal static RuleDescriptor RequireRule(string rule, string option, bool allowLive = false)
    {
        var descriptor = RuleCatalogue.Find(rule);
        if (descriptor is null || (descriptor.Kind == RuleKind.Live && !allowLive))
        {
            var problem = descriptor is null ? $"unknown rule '{rule}'" : $"'{rule}' is a live-only rule (EF Core capture), not judged here";
            throw new UsageException(
                $"{option}: {problem}; scope rules are {string.Join(", ", RuleCatalogue.OfKind(RuleKind.Scope).Select(r => r.Id))}; " +
                $"database rules are {string.Join(", ", RuleCatalogue.OfKind(RuleKind.Database).Select(r => r.Id))}");
        }

        return descriptor;
    }

    internal static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        var paramNote = line.IndexOf(" (Parameter ", StringComparison.Ordinal);
        return paramNote < 0 ? line : line[..paramNote];
    }
}

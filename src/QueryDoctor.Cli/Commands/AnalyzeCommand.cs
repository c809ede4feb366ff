using System.CommandLine;
using System.Globalization;
using QueryDoctor.Capture;
using QueryDoctor.Cli.Rendering;
using QueryDoctor.Detection;
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
        var files = new Argument<string[]>("FILE")
        {
            Description = "JSON Lines event logs (one query or scope object per line). Scopes with the same name merge across files.",
            Arity = ArgumentArity.OneOrMore,
        };
        var skipInvalid = new Option<bool>("--skip-invalid")
        {
            Description = "Skip lines that are not valid events (and report how many), instead of stopping at the first.",
        };
        var thresholds = new Option<string[]>("--threshold")
        {
            Description = "Change a rule's threshold, e.g. --threshold n-plus-one=5 --threshold slow-query=200 (ms). Repeatable.",
            HelpName = "rule=value",
            AllowMultipleArgumentsPerToken = false,
        };
        var severities = new Option<string[]>("--severity")
        {
            Description = "Change a rule's severity, e.g. --severity duplicate-query=warning. Repeatable.",
            HelpName = "rule=level",
        };
        var disabled = new Option<string[]>("--disable")
        {
            Description = "Switch a rule off, e.g. --disable too-many-queries. Repeatable.",
            HelpName = "rule",
        };

        var command = new Command("analyze", "Find N+1 queries, duplicates, slow and unbounded queries in event logs.");
        command.Arguments.Add(files);
        command.Options.Add(skipInvalid);
        command.Options.Add(thresholds);
        command.Options.Add(severities);
        command.Options.Add(disabled);
        common.AddTo(command);

        command.SetAction(parse =>
        {
            var paths = parse.GetValue(files) ?? [];
            var format = parse.GetValue(common.Format) ?? "console";
            var failOn = CommonOptions.ParseSeverity(parse.GetValue(common.FailOn));
            var options = BuildOptions(parse.GetValue(thresholds), parse.GetValue(severities), parse.GetValue(disabled));
            var report = Analyze(console, paths, options, parse.GetValue(skipInvalid));

            ReportOutput.Write(console, parse.GetValue(common.Output), (writer, colors) => ReportRenderer.Render(format, report, writer, colors));

            return failOn is { } level && report.HighestSeverity >= level ? ExitCodes.FindingsAtOrAboveFailOn : ExitCodes.Success;
        });
        return command;
    }

    internal static DetectionOptions BuildOptions(string[]? thresholds, string[]? severities, string[]? disabled)
    {
        var options = new DetectionOptions();
        foreach (var (rule, value) in Pairs(thresholds, "--threshold"))
        {
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
            RequireRule(rule, "--severity");
            options.Severities[rule] = CommonOptions.ParseSeverity(value) ?? Severity.Warning;
        }

        foreach (var rule in disabled ?? [])
        {
            RequireRule(rule, "--disable");
            options.DisabledRules.Add(rule);
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

    private static IEnumerable<(string Rule, string Value)> Pairs(string[]? items, string option)
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

    private static void RequireRule(string rule, string option)
    {
        if (Rules.Find(rule) is null)
        {
            throw new UsageException(
                $"{option}: unknown rule '{rule}'; scope rules are {string.Join(", ", Rules.Scope.Select(r => r.Id))}");
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        var paramNote = line.IndexOf(" (Parameter ", StringComparison.Ordinal);
        return paramNote < 0 ? line : line[..paramNote];
    }
}

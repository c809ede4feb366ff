using System.CommandLine;
using QueryDoctor.Detection;
using QueryDoctor.Inspection;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;

namespace QueryDoctor.Cli.Commands;

/// <summary>
/// What <c>analyze</c> reads and how it judges it: the event logs, rule settings and an optional database.
/// Shared by <c>analyze</c> (which reports the findings) and <c>baseline</c> (which accepts them).
/// </summary>
internal sealed class AnalyzeInputs
{
    public Argument<string[]> Files { get; } = new("FILE")
    {
        Description = "JSON Lines event logs (one query or scope object per line; lines with the same scope and scopeId are one instance, lines without scopeId merge by scope name across files), or OpenTelemetry trace exports: OTLP/JSON (one ExportTraceServiceRequest per line, recognised by content) and OTLP protobuf (.pb, .binpb).",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<bool> SkipInvalid { get; } = new("--skip-invalid")
    {
        Description = "Skip lines that are not valid events (and report how many), instead of stopping at the first.",
    };

    public Option<int> MaxOpenScopes { get; } = new("--max-open-scopes")
    {
        Description = "The most scope instances (scope + scopeId) held open at once while reading (default 10000). When one more opens, the least recently active is judged early and counted.",
        HelpName = "count",
        DefaultValueFactory = _ => Recording.WorkloadRecorder.DefaultMaxOpenInstances,
    };

    public Option<string[]> Thresholds { get; } = new("--threshold")
    {
        Description = "Change a rule's threshold, e.g. --threshold n-plus-one=5 --threshold slow-query=200 (ms). Repeatable.",
        HelpName = "rule=value",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Severities { get; } = new("--severity")
    {
        Description = "Change a rule's severity, e.g. --severity duplicate-query=warning. Repeatable.",
        HelpName = "rule=level",
    };

    public Option<string[]> Disabled { get; } = new("--disable")
    {
        Description = "Switch a rule off, e.g. --disable too-many-queries. Repeatable.",
        HelpName = "rule",
    };

    public DatabaseOptions Database { get; } = new(required: false);

    public SuppressOptions Suppress { get; } = new();

    public Option<int> MaxIndexes { get; } = new("--max-indexes")
    {
        Description = "With --db: the most indexes the advisor recommends (missing-index findings). Default 5; --disable missing-index turns the advisor off.",
        HelpName = "count",
        DefaultValueFactory = _ => 5,
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Files);
        command.Options.Add(SkipInvalid);
        command.Options.Add(MaxOpenScopes);
        command.Options.Add(Thresholds);
        command.Options.Add(Severities);
        command.Options.Add(Disabled);
        Suppress.AddTo(command);
        Database.AddTo(command);
        command.Options.Add(MaxIndexes);
    }

    public bool HasDatabase(ParseResult parse) => parse.GetValue(Database.Db) is not null;

    /// <summary>Reads the logs and judges them; with <c>--db</c> adds the database findings and the advisor's.</summary>
    public AnalysisReport Run(CliConsole console, ParseResult parse)
    {
        var paths = parse.GetValue(Files) ?? [];
        if (parse.GetResult(MaxIndexes) is { Implicit: false } && !HasDatabase(parse))
        {
            throw new UsageException("--max-indexes needs --db: the advisor proves each index on the database");
        }

        if (parse.GetValue(Database.Provider) is { } provider && !HasDatabase(parse))
        {
            throw new UsageException($"--provider {provider} needs --db: give the database the workload ran against");
        }

        var thresholds = parse.GetValue(Thresholds);
        var severities = parse.GetValue(Severities);
        var disabled = parse.GetValue(Disabled);
        var suppressions = Suppress.Read(parse);
        var options = AnalyzeCommand.BuildOptions(thresholds, severities, disabled);
        foreach (var suppression in suppressions)
        {
            options.Suppress(suppression);
        }

        var schemaOptions = AnalyzeCommand.BuildSchemaOptions(thresholds, severities, disabled);
        schemaOptions.Note = line => console.Diagnostic("note: " + line);
        var maxOpen = parse.GetValue(MaxOpenScopes);
        if (maxOpen < 1)
        {
            throw new UsageException($"--max-open-scopes {maxOpen}: give at least 1");
        }

        var report = AnalyzeCommand.Analyze(console, paths, options, parse.GetValue(SkipInvalid), maxOpen);
        if (Database.GetDb(parse) is not { } db)
        {
            return report;
        }

        var max = parse.GetValue(MaxIndexes);
        if (max < 1)
        {
            throw new UsageException($"--max-indexes {max}: give at least 1 (or --disable missing-index)");
        }

        report = DoctorCommand.WithDatabase(console, db, parse.GetValue(Database.Provider), schemaOptions, report);
        if (schemaOptions.IsEnabled(RuleIds.MissingIndex))
        {
            report = AdviseCommand.WithAdvice(console, db, parse.GetValue(Database.Provider), schemaOptions, max, report);
        }

        // The database rules and the advisor run after the scope rules' suppressions: apply them here too.
        return report.ApplySuppressions(suppressions);
    }
}

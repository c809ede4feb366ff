using System.CommandLine;
using System.Data.Common;
using QueryDoctor.Analysis;
using QueryDoctor.Inspection;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;

namespace QueryDoctor.Cli.Commands;

/// <summary><c>querydoctor doctor --db CONN</c>: schema findings for a database (read-only).</summary>
internal static class DoctorCommand
{
    public static Command Create(CliConsole console)
    {
        var common = new CommonOptions();
        var database = new DatabaseOptions(required: true);
        var suppress = new SuppressOptions();
        var severities = new Option<string[]>("--severity")
        {
            Description = "Change a rule's severity, e.g. --severity unused-index=warning. Repeatable.",
            HelpName = "rule=level",
        };
        var disabled = new Option<string[]>("--disable")
        {
            Description = "Switch a rule off, e.g. --disable missing-primary-key. Repeatable.",
            HelpName = "rule",
        };

        var thresholds = new Option<string[]>("--threshold")
        {
            Description = "Change a database rule's threshold: --threshold full-scan=ROWS, --threshold unused-index=DAYS (of statistics needed). Repeatable.",
            HelpName = "rule=value",
        };
        var workload = new WorkloadOptions();

        var command = new Command(
            "doctor",
            "Check a database's schema: unindexed foreign keys, redundant indexes, tables without a primary key, unused indexes (PostgreSQL). " +
            "With --workload pg-stat-statements also full scans and index advice for the statements PostgreSQL recorded. Read-only.");
        database.AddTo(command);
        command.Options.Add(thresholds);
        command.Options.Add(severities);
        command.Options.Add(disabled);
        workload.AddTo(command);
        common.AddTo(command);
        common.AddBaselineTo(command);
        suppress.AddTo(command);

        command.SetAction(parse =>
        {
            var options = AnalyzeCommand.BuildSchemaOptions(parse.GetValue(thresholds), parse.GetValue(severities), parse.GetValue(disabled));
            options.Note = line => console.Diagnostic("note: " + line);
            var db = database.GetDb(parse) ?? throw new UsageException("--db is required");
            var fromWorkload = workload.IsRequested(parse);
            var report = fromWorkload
                ? workload.Run(console, parse, db, parse.GetValue(database.Provider), options)
                : Doctor(console, db, parse.GetValue(database.Provider), options);
            report = report.ApplySuppressions(suppress.Read(parse));
            return AnalyzeCommand.Render(console, parse, common, report, RuleCatalogue.OfKind(RuleKind.Database), workload: fromWorkload);
        });
        return command;
    }

    /// <summary>The schema findings of a database.</summary>
    internal static AnalysisReport Doctor(CliConsole console, string db, string? provider, SchemaCheckOptions options) =>
        Inspect(db, provider, (inspector, ct) =>
            DatabaseAnalysis.DoctorAsync(inspector, options, (rule, e) => CheckFailed(console, rule, e), ct));

    /// <summary>Adds the database findings (full-scan, check-then-insert verdicts, schema) to an event log report.</summary>
    internal static AnalysisReport WithDatabase(CliConsole console, string db, string? provider, SchemaCheckOptions options, AnalysisReport workload) =>
        Inspect(db, provider, (inspector, ct) => DatabaseAnalysis.AddToAsync(
            workload,
            inspector,
            options,
            (what, e) => console.Diagnostic($"warning: skipped '{Shorten(what)}': {DatabaseOptions.Describe(e)}"),
            ct));

    /// <summary>Opens the database read-only, runs the work, and turns database errors into one clear line (exit 2).</summary>
    private static AnalysisReport Inspect(
        string db,
        string? provider,
        Func<IDatabaseInspector, CancellationToken, Task<AnalysisReport>> work)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            throw new UsageException("--db is empty: give a SQLite file or a connection string");
        }

        var engine = DatabaseOptions.Infer(db, provider);
        return RunAsync().GetAwaiter().GetResult();

        async Task<AnalysisReport> RunAsync()
        {
            await using var connection = await DatabaseOptions.OpenAsync(db, engine, CancellationToken.None);
            try
            {
                return await work(DatabaseInspector.For(connection, engine), CancellationToken.None);
            }
            catch (DbException exception)
            {
                throw new UsageException(
                    $"cannot read the {DatabaseOptions.Name(engine)} database: {DatabaseOptions.Describe(exception)}{DatabaseOptions.LockHint(exception, connection)}");
            }
        }
    }

    private static void CheckFailed(CliConsole console, string rule, Exception exception) =>
        console.Diagnostic($"warning: the {rule} check failed and was skipped: {AnalyzeCommand.FirstLine(exception.Message)}");

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..79] + "…";
}

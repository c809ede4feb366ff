using System.Data.Common;
using QueryDoctor.Advisor;
using QueryDoctor.Analysis;
using QueryDoctor.Inspection;
using QueryDoctor.Reporting;

namespace QueryDoctor.Cli.Commands;

/// <summary>The index advisor behind <c>analyze FILE --db CONN</c>: <c>missing-index</c> findings, each proved by a what-if plan.</summary>
internal static class AdviseCommand
{
    public static AnalysisReport WithAdvice(CliConsole console, string db, string? provider, SchemaCheckOptions options, int maxIndexes, AnalysisReport report)
    {
        var engine = DatabaseOptions.Infer(db, provider);
        var workload = QueryDoctor.Advisor.WorkloadStatement.FromReport(report);
        if (workload.Count == 0)
        {
            return report;
        }

        if (console.ErrorIsTerminal)
        {
            console.Diagnostic($"advising indexes for {workload.Count} statement shape{(workload.Count == 1 ? "" : "s")}…");
        }

        var advice = AdviseAsync().GetAwaiter().GetResult();
        if (advice is null)
        {
            return report;
        }

        return DatabaseAnalysis.WithAdvice(report, advice, options);

        async Task<IndexAdvice?> AdviseAsync()
        {
            await using var connection = await DatabaseOptions.OpenAsync(db, engine, writable: true, CancellationToken.None);
            try
            {
                var advisor = new IndexAdvisor(connection, engine, new IndexAdvisorOptions { MaxIndexes = maxIndexes });
                var advice = await advisor.AdviseAsync(workload, CancellationToken.None);
                WriteNotes(console, advice);
                return advice;
            }
            catch (NotSupportedException exception)
            {
                console.Diagnostic("warning: no index advice: " + exception.Message +
                                   "; or run doctor --workload pg-stat-statements --what-if-db CONN against a scratch copy");
                return null;
            }
            catch (DbException exception) when (engine == DatabaseProvider.Sqlite && exception.Message.Contains("readonly", StringComparison.OrdinalIgnoreCase))
            {
                console.Diagnostic("warning: no index advice: the SQLite file is read-only, and the advisor tries candidate indexes in a transaction it rolls back");
                return null;
            }
            catch (DbException exception)
            {
                throw new UsageException($"index advice failed on the {DatabaseOptions.Name(engine)} database: {DatabaseOptions.Describe(exception)}");
            }
        }
    }

    /// <summary>The advisor's notes (what it left out and why), one diagnostic line each.</summary>
    internal static void WriteNotes(CliConsole console, IndexAdvice advice)
    {
        foreach (var note in advice.Notes)
        {
            console.Diagnostic("note: missing-index: " + note);
        }
    }
}

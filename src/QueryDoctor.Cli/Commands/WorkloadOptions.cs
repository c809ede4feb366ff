using QueryDoctor.Analysis;
using QueryDoctor.Rules;
using System.CommandLine;
using System.Data.Common;
using QueryDoctor.Advisor;
using QueryDoctor.Inspection;
using QueryDoctor.Reporting;

namespace QueryDoctor.Cli.Commands;

/// <summary>
/// <c>doctor --workload pg-stat-statements [--top N] [--max-indexes N] [--what-if-db CONN]</c>: the workload from
/// PostgreSQL's own record, then <c>full-scan</c>, the schema checks and the index advisor on it.
/// </summary>
internal sealed class WorkloadOptions
{
    public const string PgStatStatements = "pg-stat-statements";

    public Option<string?> Workload { get; } = new("--workload")
    {
        Description = "Take the workload from the database itself: pg-stat-statements (PostgreSQL's pg_stat_statements extension). " +
                      "Adds full-scan findings and index advice for the statements it recorded.",
        HelpName = "source",
    };

    public Option<int> Top { get; } = new("--top")
    {
        Description = "With --workload: how many statements to read, heaviest by total time first. Default 50.",
        HelpName = "count",
        DefaultValueFactory = _ => 50,
    };

    public Option<int> MaxIndexes { get; } = new("--max-indexes")
    {
        Description = "With --workload: the most indexes the advisor recommends. Default 5; --disable missing-index turns the advisor off.",
        HelpName = "count",
        DefaultValueFactory = _ => 5,
    };

    public Option<string?> WhatIfDb { get; } = new("--what-if-db")
    {
        Description = "With --workload: a scratch copy of the database (a staging clone) where the advisor may build, measure and drop real indexes, " +
                      "instead of HypoPG's hypothetical ones on --db. Never the --db database itself.",
        HelpName = "connection",
    };

    public void AddTo(Command command)
    {
        Workload.AcceptOnlyFromAmong(PgStatStatements);
        command.Options.Add(Workload);
        command.Options.Add(Top);
        command.Options.Add(MaxIndexes);
        command.Options.Add(WhatIfDb);
    }

    /// <summary>Whether a workload was asked for; the options that need one are refused without it.</summary>
    public bool IsRequested(ParseResult parse)
    {
        if (parse.GetValue(Workload) is not null)
        {
            return true;
        }

        foreach (var (option, name) in new (Option, string)[] { (Top, "--top"), (MaxIndexes, "--max-indexes"), (WhatIfDb, "--what-if-db") })
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                throw new UsageException($"{name} needs --workload {PgStatStatements}");
            }
        }

        return false;
    }

    /// <summary>Reads the workload, judges it and advises indexes; database problems become one line and exit 2.</summary>
    public AnalysisReport Run(CliConsole console, ParseResult parse, string db, string? provider, SchemaCheckOptions options)
    {
        var top = parse.GetValue(Top);
        var max = parse.GetValue(MaxIndexes);
        var whatIf = parse.GetValue(WhatIfDb);
        if (top < 1)
        {
            throw new UsageException($"--top {top}: give at least 1");
        }

        if (max < 1)
        {
            throw new UsageException($"--max-indexes {max}: give at least 1 (or --disable missing-index)");
        }

        if (string.IsNullOrWhiteSpace(db))
        {
            throw new UsageException("--db is empty: give a PostgreSQL connection string");
        }

        if (DatabaseOptions.Infer(db, provider) != DatabaseProvider.PostgreSql)
        {
            throw new UsageException($"--workload {PgStatStatements} needs a PostgreSQL --db (a connection string such as 'Host=…;Database=app;Username=…')");
        }

        if (whatIf is not null && DatabaseOptions.Infer(whatIf, "postgresql") != DatabaseProvider.PostgreSql)
        {
            throw new UsageException("--what-if-db must be a PostgreSQL connection string");
        }

        return RunAsync().GetAwaiter().GetResult();

        async Task<AnalysisReport> RunAsync()
        {
            await using var connection = await DatabaseOptions.OpenAsync(db, DatabaseProvider.PostgreSql, CancellationToken.None);
            await using var scratch = whatIf is null ? null : await OpenScratchAsync(whatIf, connection);
            PgStatStatementsWorkload workload;
            AnalysisReport report;
            try
            {
                workload = await PgStatStatementsWorkload.ReadAsync(connection, top, CancellationToken.None);
                if (console.ErrorIsTerminal)
                {
                    console.Diagnostic(
                        $"pg_stat_statements: {workload.Statements.Count} statement{(workload.Statements.Count == 1 ? "" : "s")} on user tables " +
                        $"(top {top} by total time), {workload.ParametersFromData} parameter value{(workload.ParametersFromData == 1 ? "" : "s")} drawn from the data");
                }

                foreach (var skipped in workload.Skipped)
                {
                    console.Diagnostic($"note: not planned: {Shorten(skipped.Sql)}: {skipped.Reason}");
                }

                report = await DatabaseAnalysis.WorkloadAsync(
                    workload.Statements,
                    DatabaseInspector.For(connection, DatabaseProvider.PostgreSql),
                    options,
                    (what, e) => console.Diagnostic($"note: not explained: {Shorten(what)}: {DatabaseOptions.Describe(e)}"),
                    CancellationToken.None);
            }
            catch (WorkloadUnavailableException exception)
            {
                throw new UsageException(exception.Message);
            }
            catch (DbException exception)
            {
                throw new UsageException($"cannot read the PostgreSQL database: {DatabaseOptions.Describe(exception)}");
            }

            if (!options.IsEnabled(RuleIds.MissingIndex) || workload.Statements.Count == 0)
            {
                return report;
            }

            var advice = await AdviseAsync(console, connection, scratch, workload.Statements, max);
            var severity = options.SeverityOf(RuleIds.MissingIndex);
            return advice is null
                ? report
                : report with { Findings = [.. report.Findings, .. advice.Findings.Select(f => f with { Severity = severity })] };
        }
    }

    /// <summary>Opens the scratch copy and refuses it when it is the inspected database itself.</summary>
    private static async Task<DbConnection> OpenScratchAsync(string whatIf, DbConnection inspected)
    {
        var scratch = await DatabaseOptions.OpenScratchAsync(whatIf, CancellationToken.None);
        try
        {
            if (await IdentityAsync(scratch) == await IdentityAsync(inspected))
            {
                throw new UsageException("--what-if-db points at the --db database itself: give a scratch copy (real indexes are built and dropped there)");
            }

            return scratch;
        }
        catch
        {
            await scratch.DisposeAsync();
            throw;
        }
    }

    private static async Task<IndexAdvice?> AdviseAsync(CliConsole console, DbConnection inspected, DbConnection? scratch, IReadOnlyList<WorkloadStatement> statements, int max)
    {
        try
        {
            var advisor = new IndexAdvisor(scratch ?? inspected, DatabaseProvider.PostgreSql, new IndexAdvisorOptions { MaxIndexes = max, ScratchCopy = scratch is not null });
            var advice = await advisor.AdviseAsync(statements, CancellationToken.None);
            AdviseCommand.WriteNotes(console, advice);
            return advice;
        }
        catch (NotSupportedException exception)
        {
            console.Diagnostic("warning: no index advice: " + exception.Message +
                               "; or give --what-if-db CONN, a scratch copy where real indexes may be built, measured and dropped");
            return null;
        }
        catch (DbException exception)
        {
            throw new UsageException($"index advice failed on the {(scratch is null ? "--db" : "--what-if-db")} database: {DatabaseOptions.Describe(exception)}");
        }
    }

    /// <summary>Which database a connection reaches: the server (its start time and port) and the database's oid.</summary>
    private static async Task<string> IdentityAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT pg_catalog.pg_postmaster_start_time()::text || '/' || pg_catalog.current_setting('port') || '/' || d.oid::text " +
            "FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= 100 ? line : line[..99] + "…";
    }
}

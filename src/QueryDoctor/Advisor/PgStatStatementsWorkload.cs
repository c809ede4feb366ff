using System.Data.Common;
using System.Globalization;
using QueryDoctor.Inspection;
using QueryDoctor.Inspection.Postgres;
using QueryDoctor.Sql;

namespace QueryDoctor.Advisor;

/// <summary>
/// A PostgreSQL database's own record of its workload, from the <c>pg_stat_statements</c> extension: the statement
/// shapes of every application and instance that ran on it, heaviest by total time first, with their calls and time,
/// and parameters bound to representative values drawn from the data (the extension keeps no values). Feeds
/// <see cref="IndexAdvisor"/> and the <c>full-scan</c> rule with no change to any application. Read-only: catalog and
/// statistics reads only; a role with <c>pg_read_all_stats</c> (or <c>pg_monitor</c>) and read access to the tables suffices.
/// </summary>
public sealed record PgStatStatementsWorkload
{
    /// <summary>Statements on user tables, heaviest total time first, with their calls, time and bound parameters.</summary>
    public required IReadOnlyList<WorkloadStatement> Statements { get; init; }

    /// <summary>Statements among the top ones that will not be planned, each with the reason.</summary>
    public IReadOnlyList<SkippedStatement> Skipped { get; init; } = [];

    /// <summary>The server's version number (<c>server_version_num</c>, e.g. 150018).</summary>
    public int ServerVersion { get; init; }

    /// <summary>How many parameters were bound to values drawn from the data (statistics or a sampled row).</summary>
    public int ParametersFromData { get; init; }

    /// <summary>How many parameters could not be placed against a column and were left to typed placeholders.</summary>
    public int ParametersUnknown { get; init; }

    /// <summary>Reads the top statements of the connection's database.</summary>
    /// <param name="connection">A connection to the database (opened when closed; the caller keeps ownership).</param>
    /// <param name="top">How many statements to read, by total time. Default 50.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The workload.</returns>
    /// <exception cref="WorkloadUnavailableException">The extension is not installed or loaded, or the role may not read it.</exception>
    /// <exception cref="DbException">The catalog cannot be read.</exception>
    public static async Task<PgStatStatementsWorkload> ReadAsync(DbConnection connection, int top = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        await DbRead.EnsureOpenAsync(connection, cancellationToken);
        var (role, database, version) = (await DbRead.QueryAsync(
            connection,
            "SELECT current_user::text, current_database()::text, current_setting('server_version_num')::int",
            r => (DbRead.Text(r, 0), DbRead.Text(r, 1), (int)DbRead.Integer(r, 2)),
            cancellationToken))[0];

        var schemaName = (await DbRead.QueryAsync(
            connection,
            "SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'",
            r => DbRead.Text(r, 0),
            cancellationToken)).FirstOrDefault();
        var preloaded = await PreloadedAsync(connection, cancellationToken);
        if (schemaName is null)
        {
            throw new WorkloadUnavailableException(
                $"pg_stat_statements is not installed in database \"{database}\": " +
                (preloaded == false ? "add shared_preload_libraries = 'pg_stat_statements' to postgresql.conf, restart the server, then run " : "run ") +
                "CREATE EXTENSION pg_stat_statements; in it (as a superuser or the database owner)");
        }

        var view = SchemaText.Quote(schemaName) + ".pg_stat_statements";
        var columns = (await DbRead.QueryAsync(
            connection,
            $"SELECT attname::text FROM pg_catalog.pg_attribute WHERE attrelid = '{view.Replace("'", "''", StringComparison.Ordinal)}'::regclass AND attnum > 0 AND NOT attisdropped",
            r => DbRead.Text(r, 0),
            cancellationToken)).ToHashSet(StringComparer.Ordinal);

        // PostgreSQL 13 renamed total_time to total_exec_time (and added planning time apart); 14 added toplevel.
        var total = columns.Contains("total_exec_time") ? "total_exec_time" : "total_time";
        var topLevel = columns.Contains("toplevel") ? " AND s.toplevel" : "";
        var fetch = Math.Min(top * 4, 2000);
        List<(string Query, long Calls, double TotalMs, long Rows)> rows;
        try
        {
            rows = await DbRead.QueryAsync(
                connection,
                $"""
                SELECT s.query, sum(s.calls)::bigint, sum(s.{total})::float8, sum(s.rows)::bigint
                FROM {view} s
                WHERE s.dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()){topLevel}
                GROUP BY s.query
                ORDER BY 3 DESC, 2 DESC
                LIMIT {fetch.ToString(CultureInfo.InvariantCulture)}
                """,
                r => (DbRead.Text(r, 0), DbRead.Integer(r, 1), DbRead.Real(r, 2), DbRead.Integer(r, 3)),
                cancellationToken);
        }
        catch (DbException exception) when (exception.SqlState == "55000")
        {
            throw new WorkloadUnavailableException(
                "pg_stat_statements is installed but not loaded: add shared_preload_libraries = 'pg_stat_statements' to postgresql.conf and restart the server",
                exception);
        }
        catch (DbException exception) when (exception.SqlState == "42501")
        {
            throw new WorkloadUnavailableException(
                $"role \"{role}\" may not read pg_stat_statements: GRANT pg_read_all_stats TO \"{role}\"; (or pg_monitor)",
                exception);
        }

        var hidden = rows.Where(r => r.Query == "<insufficient privilege>").ToList();
        var visible = rows.Where(r => r.Query != "<insufficient privilege>").ToList();
        var schema = await DatabaseInspector.For(connection, DatabaseProvider.PostgreSql).ReadSchemaAsync(cancellationToken);
        var binder = new RepresentativeValues(connection, schema);
        var statements = new List<WorkloadStatement>();
        var skipped = new List<SkippedStatement>();
        if (hidden.Count > 0)
        {
            skipped.Add(new SkippedStatement
            {
                Sql = "<insufficient privilege>",
                Reason = $"{hidden.Sum(h => h.Calls)} calls by other roles are hidden from role \"{role}\": GRANT pg_read_all_stats TO \"{role}\"; to see them",
            });
        }

        int fromData = 0, unknown = 0, notUser = 0;
        foreach (var (query, calls, totalMs, _) in visible)
        {
            if (statements.Count >= top)
            {
                break;
            }

            var fingerprint = SqlFingerprint.Of(query);
            if (!fingerprint.Tables.Any(t => schema.FindTable(t) is not null))
            {
                notUser++; // catalog reads, utility commands, this tool's own queries
                continue;
            }

            if (fingerprint.Kind is not (SqlStatementKind.Select or SqlStatementKind.Update or SqlStatementKind.Delete))
            {
                skipped.Add(new SkippedStatement { Sql = query, Reason = $"{fingerprint.Kind.ToString().ToUpperInvariant()}: no read an index could serve" });
                continue;
            }

            IReadOnlyList<QueryParameter>? parameters;
            try
            {
                (parameters, var bound, var open) = await binder.BindAsync(query, cancellationToken);
                fromData += bound;
                unknown += open;
            }
            catch (ArgumentException exception)
            {
                skipped.Add(new SkippedStatement { Sql = query, Reason = FirstLine(exception.Message) });
                continue;
            }
            catch (DbException) when (!cancellationToken.IsCancellationRequested)
            {
                // No statistics or sample readable (e.g. no SELECT on the table): typed placeholders instead.
                parameters = null;
                unknown++;
            }

            statements.Add(new WorkloadStatement
            {
                Fingerprint = fingerprint,
                Sql = query,
                Parameters = parameters,
                Count = (int)Math.Min(calls, int.MaxValue),
                TotalDuration = TimeSpan.FromMilliseconds(totalMs),
            });
        }

        if (hidden.Count > 0 && statements.Count == 0 && skipped.Count == 1)
        {
            throw new WorkloadUnavailableException(
                $"role \"{role}\" sees only its own statements in pg_stat_statements, and it ran none on this database's tables: GRANT pg_read_all_stats TO \"{role}\"; (or pg_monitor)");
        }

        if (notUser > 0)
        {
            skipped.Add(new SkippedStatement { Sql = "(catalog and utility statements)", Reason = $"{notUser} statement{(notUser == 1 ? "" : "s")} read no user table" });
        }

        return new PgStatStatementsWorkload
        {
            Statements = statements,
            Skipped = skipped,
            ServerVersion = version,
            ParametersFromData = fromData,
            ParametersUnknown = unknown,
        };
    }

    /// <summary>Whether the server preloads the library; <see langword="null"/> when the role may not see the setting.</summary>
    private static async Task<bool?> PreloadedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var setting = await DbRead.QueryAsync(
            connection,
            "SELECT setting FROM pg_catalog.pg_settings WHERE name = 'shared_preload_libraries'",
            r => DbRead.Text(r, 0),
            cancellationToken);
        return setting.Count == 0 ? null : setting[0].Contains("pg_stat_statements", StringComparison.Ordinal);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        var note = line.IndexOf(" (Parameter ", StringComparison.Ordinal);
        return note < 0 ? line : line[..note];
    }
}

using System.Data.Common;
using System.Globalization;

namespace QueryDoctor.Inspection.Postgres;

/// <summary>
/// Reads a PostgreSQL schema from <c>pg_catalog</c> (pg_class, pg_attribute, pg_index, pg_constraint,
/// pg_stat_user_indexes) and explains statements with <c>EXPLAIN (FORMAT JSON)</c> inside a read-only
/// transaction that is always rolled back. Never ANALYZE, never executes the statement.
/// </summary>
internal sealed class PostgresInspector : IDatabaseInspector, IWhatIfIndexSource
{
    /// <summary>Tables never analysed are counted, but only up to this many rows (then marked as an estimate).</summary>
    internal const long CountCap = 1_000_000;

    // Literal placeholders for parameters whose value is unknown, tried in turn: a quoted literal is of
    // type "unknown" in PostgreSQL and takes the column's type, so '1' fits numbers, text and booleans;
    // dates and uuids reject it and get the next candidate; arrays (EF Core's "= ANY (@ids)") the last.
    private static readonly string[] UnknownCandidates = ["'1'", "'2000-01-01'", "'00000000-0000-0000-0000-000000000000'", "'{1}'"];

    private const string UserRelations =
        "c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') " +
        "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    private readonly DbConnection _connection;

    public PostgresInspector(DbConnection connection) => _connection = connection;

    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public async Task<DatabaseSchema> ReadSchemaAsync(CancellationToken cancellationToken = default)
    {
        await DbRead.EnsureOpenAsync(_connection, cancellationToken);
        var tables = await DbRead.QueryAsync(
            _connection,
            $"""
            SELECT c.oid::bigint, n.nspname, c.relname, c.reltuples::float8
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE {UserRelations}
            ORDER BY n.nspname, c.relname
            """,
            r => (Oid: DbRead.Integer(r, 0), Schema: DbRead.Text(r, 1), Name: DbRead.Text(r, 2), Tuples: DbRead.Real(r, 3)),
            cancellationToken);

        var columns = await DbRead.QueryAsync(
            _connection,
            $"""
            SELECT a.attrelid::bigint, a.attnum::int, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE {UserRelations} AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY 1, 2
            """,
            r => (Oid: DbRead.Integer(r, 0), Number: DbRead.Integer(r, 1), Name: DbRead.Text(r, 2), Type: DbRead.Text(r, 3), NotNull: DbRead.Flag(r, 4)),
            cancellationToken);
        var columnNames = columns.ToLookup(c => c.Oid);

        var indexes = await DbRead.QueryAsync(
            _connection,
            $"""
            SELECT i.indrelid::bigint, ic.relname, i.indisunique, i.indisprimary, i.indpred IS NOT NULL,
                   i.indexprs IS NOT NULL, i.indnkeyatts::int, i.indkey::text, s.idx_scan,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
            WHERE {UserRelations}
            ORDER BY 1, 2
            """,
            r => (Oid: DbRead.Integer(r, 0), Name: DbRead.Text(r, 1), Unique: DbRead.Flag(r, 2), Primary: DbRead.Flag(r, 3),
                Partial: DbRead.Flag(r, 4), Expressions: DbRead.Flag(r, 5), KeyCount: (int)DbRead.Integer(r, 6),
                Keys: DbRead.Text(r, 7), Scans: DbRead.IntegerOrNull(r, 8), Constraint: DbRead.Flag(r, 9)),
            cancellationToken);

        var constraints = await DbRead.QueryAsync(
            _connection,
            $"""
            SELECT con.conrelid::bigint, con.contype::text, con.conname, array_to_string(con.conkey, ' '),
                   con.confrelid::bigint, coalesce(array_to_string(con.confkey, ' '), '')
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class c ON c.oid = con.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE {UserRelations} AND con.contype IN ('p', 'f')
            ORDER BY 1, 3
            """,
            r => (Oid: DbRead.Integer(r, 0), Type: DbRead.Text(r, 1), Name: DbRead.Text(r, 2), Keys: DbRead.Text(r, 3),
                Referenced: DbRead.Integer(r, 4), ReferencedKeys: DbRead.Text(r, 5)),
            cancellationToken);

        var displayNames = tables.ToDictionary(
            t => t.Oid,
            t => t.Schema == "public" ? t.Name : t.Schema + "." + t.Name);

        string ColumnName(long oid, long number) =>
            columnNames[oid].FirstOrDefault(c => c.Number == number).Name ?? IndexSchema.ExpressionColumn;

        List<string> ColumnList(long oid, string numbers, int take = int.MaxValue) =>
            numbers.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Take(take)
                .Select(k => long.Parse(k, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))
                .Select(k => k == 0 ? IndexSchema.ExpressionColumn : ColumnName(oid, k))
                .ToList();

        var result = new List<TableSchema>(tables.Count);
        foreach (var table in tables)
        {
            var (rows, estimate) = table.Tuples >= 0
                ? ((long)Math.Round(table.Tuples), true)
                : await CountAsync(table.Schema, table.Name, cancellationToken);
            result.Add(new TableSchema
            {
                Schema = table.Schema,
                Name = table.Name,
                Columns = columnNames[table.Oid]
                    .Select(c => new ColumnSchema { Name = c.Name, DataType = c.Type, IsNullable = !c.NotNull })
                    .ToList(),
                PrimaryKey = constraints.Where(c => c.Oid == table.Oid && c.Type == "p").Select(c => ColumnList(table.Oid, c.Keys)).FirstOrDefault() ?? [],
                ForeignKeys = constraints
                    .Where(c => c.Oid == table.Oid && c.Type == "f")
                    .Select(c => new ForeignKeySchema
                    {
                        Name = c.Name,
                        Columns = ColumnList(table.Oid, c.Keys),
                        ReferencedTable = displayNames.TryGetValue(c.Referenced, out var referenced) ? referenced : c.Referenced.ToString(CultureInfo.InvariantCulture),
                        ReferencedColumns = ColumnList(c.Referenced, c.ReferencedKeys),
                    })
                    .ToList(),
                Indexes = indexes
                    .Where(i => i.Oid == table.Oid)
                    .Select(i => new IndexSchema
                    {
                        Name = i.Name,
                        Columns = ColumnList(table.Oid, i.Keys, i.KeyCount),
                        IsUnique = i.Unique,
                        IsPrimaryKey = i.Primary,
                        IsConstraint = i.Constraint,
                        IsPartial = i.Partial,
                        HasExpressions = i.Expressions,
                        ScanCount = i.Scans ?? 0,
                    })
                    .ToList(),
                RowCount = rows,
                RowCountIsEstimate = estimate,
            });
        }

        // Index scan counts are only as old as the later of the last reset and the server's start (a crash or an
        // immediate shutdown discards them; clean restarts of 15+ keep them, so this errs young, never old).
        var since = (await DbRead.QueryAsync(
            _connection,
            """
            SELECT greatest(pg_catalog.pg_postmaster_start_time(),
                            (SELECT stats_reset FROM pg_catalog.pg_stat_database WHERE datname = pg_catalog.current_database())),
                   extract(epoch FROM pg_catalog.now() - greatest(pg_catalog.pg_postmaster_start_time(),
                            (SELECT stats_reset FROM pg_catalog.pg_stat_database WHERE datname = pg_catalog.current_database())))::float8
            """,
            r => (Since: r.IsDBNull(0) ? (DateTimeOffset?)null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc)),
                Seconds: r.IsDBNull(1) ? (double?)null : DbRead.Real(r, 1)),
            cancellationToken))[0];

        return new DatabaseSchema
        {
            Provider = DatabaseProvider.PostgreSql,
            Tables = result,
            StatisticsSince = since.Since,
            StatisticsAge = since.Seconds is { } seconds ? TimeSpan.FromSeconds(Math.Max(0, seconds)) : null,
        };
    }

    /// <summary>
    /// Candidates are HypoPG's hypothetical indexes (<see cref="HypoPgIndexes"/>); on a scratch copy the user named as
    /// one, real indexes dropped again (<see cref="PostgresScratchIndexes"/>). Never builds an index on the inspected server.
    /// </summary>
    public async Task<WhatIfIndexes> StartWhatIfAsync(bool scratchCopy, CancellationToken cancellationToken)
    {
        await DbRead.EnsureOpenAsync(_connection, cancellationToken);
        if (scratchCopy)
        {
            return new PostgresScratchIndexes(_connection);
        }

        if (await ScalarLongAsync("SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'", cancellationToken) == 0)
        {
            var major = await ScalarLongAsync("SELECT current_setting('server_version_num')::int / 10000", cancellationToken);
            throw new NotSupportedException(
                "index advice on PostgreSQL needs the HypoPG extension in this database: install the server's HypoPG package " +
                $"(Debian/Ubuntu: postgresql-{major}-hypopg) and run CREATE EXTENSION hypopg; in the database. " +
                "QueryDoctor never builds real indexes on the inspected server (only on a scratch copy it is given)");
        }

        return new HypoPgIndexes(_connection);
    }

    public async Task<QueryPlan> ExplainAsync(string sql, IReadOnlyList<QueryParameter>? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var placeholders = StatementPlaceholders.Scan(sql, postgres: true);
        var statement = StatementPlaceholders.TrimEnd(sql);
        await DbRead.EnsureOpenAsync(_connection, cancellationToken);

        DbException? last = null;
        var attempts = placeholders.Any(p => !StatementPlaceholders.TryGetValue(p, parameters, out var known) || known is null)
            ? UnknownCandidates.Length
            : 1;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var candidate = UnknownCandidates[attempt];
            var text = StatementPlaceholders.Replace(
                statement,
                placeholders,
                p => Literal(p, parameters, IsArrayContext(statement, p) && !candidate.StartsWith("'{", StringComparison.Ordinal) ? "'{" + candidate[1..^1] + "}'" : candidate));
            try
            {
                var json = await ExplainInReadOnlyTransactionAsync(text, cancellationToken);
                return await ToPartitionRootsAsync(PostgresPlanParser.Parse(json), cancellationToken);
            }
            catch (DbException exception) when (exception.SqlState is { } state && state.StartsWith("22", StringComparison.Ordinal) && attempt + 1 < attempts)
            {
                // Class 22 (data exception): the placeholder literal does not fit the column's type; try the next.
                last = exception;
            }
        }

        throw (Exception?)last ?? new InvalidOperationException("EXPLAIN failed");
    }

    /// <summary>
    /// A plan reads partitions (<c>Seq Scan on events_2024</c>) where the statement and the schema name the
    /// partitioned table: report each access against the root table, as the schema lists it.
    /// </summary>
    private async Task<QueryPlan> ToPartitionRootsAsync(QueryPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Accesses.Count == 0)
        {
            return plan;
        }

        var names = string.Join(", ", plan.Accesses.Select(a => a.Table).Distinct(StringComparer.Ordinal).Select(Literal));
        var roots = await DbRead.QueryAsync(
            _connection,
            $"""
            SELECT n.nspname, c.relname, rn.nspname, r.relname
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_class r ON r.oid = pg_catalog.pg_partition_root(c.oid)
            JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
            WHERE c.relispartition AND (c.relname IN ({names}) OR n.nspname || '.' || c.relname IN ({names}))
            """,
            r => (Schema: DbRead.Text(r, 0), Name: DbRead.Text(r, 1), Root: Display(DbRead.Text(r, 2), DbRead.Text(r, 3))),
            cancellationToken);
        if (roots.Count == 0)
        {
            return plan;
        }

        // Plans without VERBOSE name the relation alone; with a schema outside public they may qualify it.
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (schema, name, root) in roots)
        {
            map.TryAdd(name, root);
            map.TryAdd(schema + "." + name, root);
        }

        return plan with
        {
            Accesses = [.. plan.Accesses.Select(a => map.TryGetValue(a.Table, out var root) ? a with { Table = root } : a)],
        };

        static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

        static string Display(string schema, string name) => schema == "public" ? name : schema + "." + name;
    }

    private async Task<string> ExplainInReadOnlyTransactionAsync(string statement, CancellationToken cancellationToken)
    {
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var readOnly = _connection.CreateCommand())
            {
                readOnly.Transaction = transaction;
                readOnly.CommandText = "SET TRANSACTION READ ONLY";
                await readOnly.ExecuteNonQueryAsync(cancellationToken);
            }

            var rows = await DbRead.QueryAsync(
                _connection,
                "EXPLAIN (FORMAT JSON, COSTS TRUE, VERBOSE FALSE) " + statement,
                r => DbRead.Text(r, 0),
                cancellationToken,
                transaction);
            return string.Join('\n', rows);
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Whether a placeholder stands where PostgreSQL expects an array (<c>= ANY (@ids)</c>, as EF Core sends a
    /// list's <c>Contains</c>): an unknown value there is tried as a one-element array, the others as scalars.
    /// </summary>
    internal static bool IsArrayContext(string sql, StatementPlaceholders.Placeholder placeholder)
    {
        var i = placeholder.Start - 1;
        while (i >= 0 && char.IsWhiteSpace(sql[i]))
        {
            i--;
        }

        if (i < 0 || sql[i] != '(')
        {
            return false;
        }

        i--;
        while (i >= 0 && char.IsWhiteSpace(sql[i]))
        {
            i--;
        }

        return i >= 2
            && (sql.AsSpan(i - 2, 3).Equals("ANY", StringComparison.OrdinalIgnoreCase) || sql.AsSpan(i - 2, 3).Equals("ALL", StringComparison.OrdinalIgnoreCase))
            && (i < 3 || !char.IsLetterOrDigit(sql[i - 3]));
    }

    private static string Literal(StatementPlaceholders.Placeholder placeholder, IReadOnlyList<QueryParameter>? parameters, string unknown)
    {
        if (!StatementPlaceholders.TryGetValue(placeholder, parameters, out var value))
        {
            return unknown;
        }

        if (value is System.Collections.IEnumerable list and not string and not byte[])
        {
            // A list bound to one placeholder is an array parameter (= ANY (@ids)): an array literal, not its first element.
            var items = list.Cast<object?>().Select(ArrayElement);
            return "'{" + string.Join(",", items).Replace("'", "''", StringComparison.Ordinal) + "}'";
        }

        return DbRead.Scalar(value) switch
        {
            null => unknown,
            bool b => b ? "TRUE" : "FALSE",
            byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal =>
                "'" + Convert.ToString(DbRead.Scalar(value), CultureInfo.InvariantCulture) + "'",
            DateTime d => "'" + d.ToString("O", CultureInfo.InvariantCulture) + "'",
            DateTimeOffset d => "'" + d.ToString("O", CultureInfo.InvariantCulture) + "'",
            var other => "'" + (Convert.ToString(other, CultureInfo.InvariantCulture) ?? "").Replace("'", "''", StringComparison.Ordinal) + "'",
        };
    }

    private static string ArrayElement(object? item) => item switch
    {
        null => "NULL",
        bool b => b ? "t" : "f",
        byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal =>
            Convert.ToString(item, CultureInfo.InvariantCulture)!,
        DateTime d => "\"" + d.ToString("O", CultureInfo.InvariantCulture) + "\"",
        DateTimeOffset d => "\"" + d.ToString("O", CultureInfo.InvariantCulture) + "\"",
        _ => "\"" + (Convert.ToString(item, CultureInfo.InvariantCulture) ?? "").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
    };

    private async Task<(long? Rows, bool Estimate)> CountAsync(string schema, string table, CancellationToken cancellationToken)
    {
        var name = SchemaText.Quote(schema) + "." + SchemaText.Quote(table);
        var counted = (await DbRead.QueryAsync(
            _connection,
            $"SELECT count(*) FROM (SELECT 1 FROM {name} LIMIT {CountCap + 1}) s",
            r => DbRead.Integer(r, 0),
            cancellationToken))[0];
        return counted > CountCap ? (CountCap, true) : (counted, false);
    }

    private async Task<long> ScalarLongAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}

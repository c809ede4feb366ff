using System.Data.Common;
using System.Globalization;

namespace QueryDoctor.Inspection.Sqlite;

/// <summary>
/// Reads a SQLite schema through <c>PRAGMA table_list / table_info / index_list / index_xinfo /
/// foreign_key_list</c> and explains statements with <c>EXPLAIN QUERY PLAN</c>. Never writes.
/// </summary>
internal sealed class SqliteInspector : IDatabaseInspector, IWhatIfIndexSource
{
    /// <summary>Above this many rows a table is not counted exactly: the count stops and is marked as an estimate.</summary>
    internal const long CountCap = 1_000_000;

    private readonly DbConnection _connection;

    public SqliteInspector(DbConnection connection) => _connection = connection;

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public async Task<DatabaseSchema> ReadSchemaAsync(CancellationToken cancellationToken = default)
    {
        await DbRead.EnsureOpenAsync(_connection, cancellationToken);
        var names = await TableNamesAsync(cancellationToken);
        var hasStat1 = (await DbRead.QueryAsync(
            _connection,
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
            r => DbRead.Integer(r, 0),
            cancellationToken))[0] > 0;

        var tables = new List<TableSchema>(names.Count);
        foreach (var name in names)
        {
            tables.Add(await ReadTableAsync(name, hasStat1, cancellationToken));
        }

        return new DatabaseSchema { Provider = DatabaseProvider.Sqlite, Tables = ResolveImplicitReferences(tables) };
    }

    /// <summary>Candidates are real indexes inside a transaction that is always rolled back (<see cref="SqliteWhatIfIndexes"/>).</summary>
    public async Task<WhatIfIndexes> StartWhatIfAsync(bool scratchCopy, CancellationToken cancellationToken)
    {
        await DbRead.EnsureOpenAsync(_connection, cancellationToken);
        var whatIf = new SqliteWhatIfIndexes(_connection);
        await whatIf.BeginAsync(cancellationToken);
        return whatIf;
    }

    public async Task<QueryPlan> ExplainAsync(string sql, IReadOnlyList<QueryParameter>? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var placeholders = StatementPlaceholders.Scan(sql, postgres: false);
        await DbRead.EnsureOpenAsync(_connection, cancellationToken);

        // Rename every placeholder (including positional '?') to a named one so any ADO.NET provider can bind it.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new List<(string Name, object? Value)>();
        var text = StatementPlaceholders.Replace(StatementPlaceholders.TrimEnd(sql), placeholders, placeholder =>
        {
            var key = placeholder.Text == "?" ? "?" + placeholder.Ordinal.ToString(CultureInfo.InvariantCulture) : placeholder.Text;
            if (!names.TryGetValue(key, out var name))
            {
                name = "@qd_p" + names.Count.ToString(CultureInfo.InvariantCulture);
                names.Add(key, name);
                values.Add((name, PlaceholderValue(placeholder, parameters)));
            }

            return name;
        });

        var rows = await DbRead.QueryAsync(
            _connection,
            "EXPLAIN QUERY PLAN " + text,
            r => (Id: DbRead.Integer(r, 0), Parent: DbRead.Integer(r, 1), Detail: DbRead.Text(r, 3)),
            cancellationToken,
            null,
            [.. values]);
        return SqlitePlanParser.Parse(rows.Select(r => r.Detail).ToList(), sql);
    }

    private static object PlaceholderValue(StatementPlaceholders.Placeholder placeholder, IReadOnlyList<QueryParameter>? parameters)
    {
        // An unknown value is bound as the integer 1, never NULL: "x = NULL" can make the planner skip the index it would really use.
        if (!StatementPlaceholders.TryGetValue(placeholder, parameters, out var value))
        {
            return 1L;
        }

        return DbRead.Scalar(value) switch
        {
            null => 1L,
            bool b => b ? 1L : 0L,
            string s => s,
            byte or sbyte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            float or double or decimal => Convert.ToDouble(DbRead.Scalar(value), CultureInfo.InvariantCulture),
            var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
        };
    }

    private async Task<List<string>> TableNamesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await DbRead.QueryAsync(
                _connection,
                "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                r => DbRead.Text(r, 0),
                cancellationToken);
        }
        catch (DbException)
        {
            // SQLite before 3.37 has no table_list pragma.
            return await DbRead.QueryAsync(
                _connection,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                r => DbRead.Text(r, 0),
                cancellationToken);
        }
    }

    private async Task<TableSchema> ReadTableAsync(string name, bool hasStat1, CancellationToken cancellationToken)
    {
        var columnRows = await DbRead.QueryAsync(
            _connection,
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info(@t) ORDER BY cid",
            r => (Name: DbRead.Text(r, 0), Type: DbRead.Text(r, 1), NotNull: DbRead.Flag(r, 2), Pk: DbRead.Integer(r, 3)),
            cancellationToken,
            null,
            ("@t", name));
        var primaryKey = columnRows.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();

        var indexRows = await DbRead.QueryAsync(
            _connection,
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list(@t) ORDER BY seq DESC",
            r => (Name: DbRead.Text(r, 0), Unique: DbRead.Flag(r, 1), Origin: DbRead.Text(r, 2), Partial: DbRead.Flag(r, 3)),
            cancellationToken,
            null,
            ("@t", name));
        var indexes = new List<IndexSchema>(indexRows.Count);
        foreach (var index in indexRows.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var keys = await DbRead.QueryAsync(
                _connection,
                "SELECT cid, name FROM pragma_index_xinfo(@i) WHERE key = 1 ORDER BY seqno",
                r => (Cid: DbRead.Integer(r, 0), Name: DbRead.TextOrNull(r, 1)),
                cancellationToken,
                null,
                ("@i", index.Name));
            indexes.Add(new IndexSchema
            {
                Name = index.Name,
                Columns = keys.Select(k => k.Cid == -2 || k.Name is null ? IndexSchema.ExpressionColumn : k.Name).ToList(),
                IsUnique = index.Unique,
                IsPartial = index.Partial,
                HasExpressions = keys.Any(k => k.Cid == -2),
                IsPrimaryKey = index.Origin == "pk",
                IsConstraint = index.Origin is "pk" or "u",
            });
        }

        var foreignKeyRows = await DbRead.QueryAsync(
            _connection,
            "SELECT id, seq, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(@t) ORDER BY id, seq",
            r => (Id: DbRead.Integer(r, 0), Table: DbRead.Text(r, 2), From: DbRead.Text(r, 3), To: DbRead.TextOrNull(r, 4)),
            cancellationToken,
            null,
            ("@t", name));
        var foreignKeys = foreignKeyRows
            .GroupBy(r => r.Id)
            .OrderBy(g => g.Key)
            .Select(g => new ForeignKeySchema
            {
                Columns = g.Select(r => r.From).ToList(),
                ReferencedTable = g.First().Table,
                ReferencedColumns = g.All(r => r.To is not null) ? g.Select(r => r.To!).ToList() : [],
            })
            .ToList();

        var (rows, estimate) = await RowCountAsync(name, hasStat1, cancellationToken);
        return new TableSchema
        {
            Schema = "main",
            Name = name,
            Columns = columnRows.Select(c => new ColumnSchema { Name = c.Name, DataType = c.Type, IsNullable = !c.NotNull && c.Pk == 0 }).ToList(),
            PrimaryKey = primaryKey,
            ForeignKeys = foreignKeys,
            Indexes = indexes,
            RowCount = rows,
            RowCountIsEstimate = estimate,
        };
    }

    private async Task<(long? Rows, bool Estimate)> RowCountAsync(string table, bool hasStat1, CancellationToken cancellationToken)
    {
        if (hasStat1)
        {
            var stats = await DbRead.QueryAsync(
                _connection,
                "SELECT stat FROM sqlite_stat1 WHERE tbl = @t ORDER BY idx IS NOT NULL LIMIT 1",
                r => DbRead.Text(r, 0),
                cancellationToken,
                null,
                ("@t", table));
            if (stats.Count > 0)
            {
                var first = stats[0].Split(' ', 2)[0];
                if (long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var analysed))
                {
                    return (analysed, true);
                }
            }
        }

        var quoted = "\"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var counted = (await DbRead.QueryAsync(
            _connection,
            $"SELECT count(*) FROM (SELECT 1 FROM {quoted} LIMIT {CountCap + 1})",
            r => DbRead.Integer(r, 0),
            cancellationToken))[0];
        return counted > CountCap ? (CountCap, true) : (counted, false);
    }

    private static List<TableSchema> ResolveImplicitReferences(List<TableSchema> tables)
    {
        // "REFERENCES parent" without columns means the parent's primary key.
        var result = new List<TableSchema>(tables.Count);
        foreach (var table in tables)
        {
            if (table.ForeignKeys.All(fk => fk.ReferencedColumns.Count > 0))
            {
                result.Add(table);
                continue;
            }

            var keys = table.ForeignKeys.Select(fk =>
                fk.ReferencedColumns.Count > 0
                    ? fk
                    : fk with
                    {
                        ReferencedColumns = tables.FirstOrDefault(t => string.Equals(t.Name, fk.ReferencedTable, StringComparison.OrdinalIgnoreCase))?.PrimaryKey ?? [],
                    }).ToList();
            result.Add(table with { ForeignKeys = keys });
        }

        return result;
    }
}

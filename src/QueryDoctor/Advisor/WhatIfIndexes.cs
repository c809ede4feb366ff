using System.Data.Common;
using System.Globalization;
using QueryDoctor.Inspection;

namespace QueryDoctor.Advisor;

/// <summary>
/// Makes candidate indexes visible to the planner without leaving anything behind: HypoPG's
/// hypothetical indexes on PostgreSQL; on SQLite, real indexes created inside a transaction that is
/// always rolled back (and analysed there when the database has statistics, so the planner judges them
/// with real selectivity).
/// </summary>
internal abstract class WhatIfIndexes : IAsyncDisposable
{
    protected WhatIfIndexes(DbConnection connection) => Connection = connection;

    protected DbConnection Connection { get; }

    public static async Task<WhatIfIndexes> StartAsync(DbConnection connection, DatabaseProvider provider, bool scratchCopy, CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new SqliteRollback(connection);
                await sqlite.BeginAsync(cancellationToken);
                return sqlite;
            case DatabaseProvider.PostgreSql when scratchCopy:
                return new ScratchPostgres(connection);
            case DatabaseProvider.PostgreSql:
                if (!await HasHypoPgAsync(connection, cancellationToken))
                {
                    var major = Convert.ToInt64(await new ScratchPostgres(connection).ScalarAsync("SELECT current_setting('server_version_num')::int / 10000", cancellationToken), CultureInfo.InvariantCulture);
                    throw new NotSupportedException(
                        "index advice on PostgreSQL needs the HypoPG extension in this database: install the server's HypoPG package " +
                        $"(Debian/Ubuntu: postgresql-{major}-hypopg) and run CREATE EXTENSION hypopg; in the database. " +
                        "QueryDoctor never builds real indexes on the inspected server (only on a scratch copy it is given)");
                }

                return new HypoPg(connection);
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "unsupported database provider");
        }
    }

    /// <summary>Makes one candidate visible; returns the index name plans will show.</summary>
    public abstract Task<string> CreateAsync(TableSchema table, IReadOnlyList<string> columns, IReadOnlyList<bool> descending, CancellationToken cancellationToken);

    /// <summary>Removes every candidate made so far.</summary>
    public abstract Task ResetAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    protected static string KeyList(IReadOnlyList<string> columns, IReadOnlyList<bool> descending) =>
        string.Join(", ", columns.Select((c, i) => SchemaText.Quote(c) + (descending[i] ? " DESC" : "")));

    internal async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<bool> HasHypoPgAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private sealed class SqliteRollback(DbConnection connection) : WhatIfIndexes(connection)
    {
        private int _next;
        private bool _open;
        private bool _analyse;

        public async Task BeginAsync(CancellationToken cancellationToken)
        {
            _analyse = Convert.ToInt64(
                await ScalarAsync("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'", cancellationToken),
                CultureInfo.InvariantCulture) > 0;
            await BeginTransactionAsync(cancellationToken);
        }

        public override async Task<string> CreateAsync(TableSchema table, IReadOnlyList<string> columns, IReadOnlyList<bool> descending, CancellationToken cancellationToken)
        {
            var name = "qd_whatif_" + (++_next).ToString(CultureInfo.InvariantCulture);
            await ScalarAsync($"CREATE INDEX {SchemaText.Quote(name)} ON {SchemaText.Quote(table.Name)} ({KeyList(columns, descending)})", cancellationToken);
            if (_analyse)
            {
                await ScalarAsync($"ANALYZE {SchemaText.Quote(name)}", cancellationToken);
            }

            return name;
        }

        public override async Task ResetAsync(CancellationToken cancellationToken)
        {
            await RollbackAsync();
            await BeginTransactionAsync(cancellationToken);
        }

        public override async ValueTask DisposeAsync() => await RollbackAsync();

        private async Task BeginTransactionAsync(CancellationToken cancellationToken)
        {
            // A plain BEGIN, not DbConnection.BeginTransaction: the inspector's EXPLAIN commands then run inside it unchanged.
            await ScalarAsync("BEGIN", cancellationToken);
            _open = true;
        }

        private async Task RollbackAsync()
        {
            if (_open)
            {
                _open = false;
                await ScalarAsync("ROLLBACK", CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// A scratch copy of the database (a staging clone the user named as one): candidates are real indexes, built
    /// so the planner sees their true size, planned against, and dropped again. Never used on the inspected server.
    /// </summary>
    private sealed class ScratchPostgres(DbConnection connection) : WhatIfIndexes(connection)
    {
        private readonly List<string> _built = [];
        private int _next;

        public override async Task<string> CreateAsync(TableSchema table, IReadOnlyList<string> columns, IReadOnlyList<bool> descending, CancellationToken cancellationToken)
        {
            var name = "qd_whatif_" + (++_next).ToString(CultureInfo.InvariantCulture);
            await ScalarAsync($"CREATE INDEX {SchemaText.Quote(name)} ON {SchemaText.Quote(table.Schema)}.{SchemaText.Quote(table.Name)} ({KeyList(columns, descending)})", cancellationToken);
            _built.Add(SchemaText.Quote(table.Schema) + "." + SchemaText.Quote(name));
            return name;
        }

        public override async Task ResetAsync(CancellationToken cancellationToken) => await DropAllAsync(cancellationToken);

        public override async ValueTask DisposeAsync() => await DropAllAsync(CancellationToken.None);

        private async Task DropAllAsync(CancellationToken cancellationToken)
        {
            while (_built.Count > 0)
            {
                await ScalarAsync("DROP INDEX IF EXISTS " + _built[^1], cancellationToken);
                _built.RemoveAt(_built.Count - 1);
            }
        }
    }

    private sealed class HypoPg(DbConnection connection) : WhatIfIndexes(connection)
    {
        public override async Task<string> CreateAsync(TableSchema table, IReadOnlyList<string> columns, IReadOnlyList<bool> descending, CancellationToken cancellationToken)
        {
            var ddl = $"CREATE INDEX ON {SchemaText.Quote(table.Schema)}.{SchemaText.Quote(table.Name)} ({KeyList(columns, descending)})";
            var name = await ScalarAsync($"SELECT indexname FROM hypopg_create_index('{ddl.Replace("'", "''", StringComparison.Ordinal)}')", cancellationToken);
            return Convert.ToString(name, CultureInfo.InvariantCulture) ?? throw new InvalidOperationException("HypoPG returned no index name");
        }

        public override async Task ResetAsync(CancellationToken cancellationToken) => await ScalarAsync("SELECT hypopg_reset()", cancellationToken);

        public override async ValueTask DisposeAsync() => await ScalarAsync("SELECT hypopg_reset()", CancellationToken.None);
    }
}

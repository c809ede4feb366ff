using System.Data.Common;
using System.Globalization;

namespace QueryDoctor.Inspection.Sqlite;

/// <summary>SQLite what-if indexes: real indexes inside a transaction that is always rolled back (analysed there when the database has statistics).</summary>
internal sealed class SqliteWhatIfIndexes(DbConnection connection) : WhatIfIndexes(connection)
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

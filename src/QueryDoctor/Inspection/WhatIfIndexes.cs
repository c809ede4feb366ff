using System.Data.Common;

namespace QueryDoctor.Inspection;

/// <summary>
/// Makes candidate indexes visible to the planner without leaving anything behind: HypoPG's
/// hypothetical indexes on PostgreSQL; on SQLite, real indexes created inside a transaction that is
/// always rolled back (and analysed there when the database has statistics, so the planner judges them
/// with real selectivity). Each database's kind lives in its folder beside its inspector, which starts it
/// (<see cref="IWhatIfIndexSource"/>).
/// </summary>
internal abstract class WhatIfIndexes : IAsyncDisposable
{
    protected WhatIfIndexes(DbConnection connection) => Connection = connection;

    protected DbConnection Connection { get; }

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
}

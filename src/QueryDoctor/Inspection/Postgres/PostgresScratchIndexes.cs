using System.Data.Common;
using System.Globalization;

namespace QueryDoctor.Inspection.Postgres;

/// <summary>
/// A scratch copy of the database (a staging clone the user named as one): candidates are real indexes, built
/// so the planner sees their true size, planned against, and dropped again. Never used on the inspected server.
/// </summary>
internal sealed class PostgresScratchIndexes(DbConnection connection) : WhatIfIndexes(connection)
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

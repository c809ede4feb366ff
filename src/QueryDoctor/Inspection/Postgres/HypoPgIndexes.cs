using System.Data.Common;
using System.Globalization;

namespace QueryDoctor.Inspection.Postgres;

/// <summary>PostgreSQL what-if indexes: HypoPG's hypothetical indexes, reset when done; nothing is built on the server.</summary>
internal sealed class HypoPgIndexes(DbConnection connection) : WhatIfIndexes(connection)
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

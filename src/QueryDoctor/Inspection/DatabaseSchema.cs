namespace QueryDoctor.Inspection;

/// <summary>
/// A read-only snapshot of a database's user tables: columns, keys, indexes and row counts, as the
/// catalog reported them when it was read. Schema checks are pure functions of this snapshot.
/// </summary>
public sealed record DatabaseSchema
{
    /// <summary>The engine the snapshot was read from.</summary>
    public required DatabaseProvider Provider { get; init; }

    /// <summary>The user tables, ordered by schema then name.</summary>
    public required IReadOnlyList<TableSchema> Tables { get; init; }

    /// <summary>
    /// How long the usage statistics (index scans) have been gathering when the snapshot was read, by the server's
    /// clock: since the later of the last statistics reset and the server's start. <see langword="null"/> when the
    /// engine keeps none (SQLite) or the server does not say.
    /// </summary>
    public TimeSpan? StatisticsAge { get; init; }

    /// <summary>When the usage statistics began (see <see cref="StatisticsAge"/>), by the server's clock.</summary>
    public DateTimeOffset? StatisticsSince { get; init; }

    /// <summary>Finds a table by name (case-insensitive), qualified (<c>sales.orders</c>) or not.</summary>
    /// <param name="name">The table name, optionally qualified by its schema.</param>
    /// <returns>The table, or <see langword="null"/> when there is none by that name.</returns>
    public TableSchema? FindTable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var table in Tables)
        {
            if (string.Equals(table.DisplayName, name, StringComparison.OrdinalIgnoreCase))
            {
                return table;
            }
        }

        foreach (var table in Tables)
        {
            if (string.Equals(table.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return table;
            }
        }

        return null;
    }
}

namespace QueryDoctor.Inspection;

/// <summary>One index on a table.</summary>
public sealed record IndexSchema
{
    /// <summary>The index name, unquoted, as the catalog spells it.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The key columns, in index order (included, non-key columns are left out). An expression key
    /// appears as <see cref="ExpressionColumn"/>.
    /// </summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Whether the index enforces uniqueness.</summary>
    public required bool IsUnique { get; init; }

    /// <summary>Whether the index has a WHERE clause (covers only some rows).</summary>
    public bool IsPartial { get; init; }

    /// <summary>Whether any key is an expression rather than a plain column.</summary>
    public bool HasExpressions { get; init; }

    /// <summary>Whether the index backs the table's primary key.</summary>
    public bool IsPrimaryKey { get; init; }

    /// <summary>
    /// Whether the index backs a declared constraint (PRIMARY KEY or UNIQUE): it cannot be dropped on its own,
    /// so when two indexes are duplicates this is the one kept.
    /// </summary>
    public bool IsConstraint { get; init; }

    /// <summary>
    /// How many times the index was used since statistics were reset (PostgreSQL
    /// <c>pg_stat_user_indexes.idx_scan</c>); <see langword="null"/> where the database keeps no such count.
    /// </summary>
    public long? ScanCount { get; init; }

    /// <summary>The placeholder <see cref="Columns"/> holds for an expression key.</summary>
    public const string ExpressionColumn = "(expression)";
}

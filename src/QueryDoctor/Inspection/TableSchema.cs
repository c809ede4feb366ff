namespace QueryDoctor.Inspection;

/// <summary>One user table: its columns, primary key, foreign keys, indexes and size.</summary>
public sealed record TableSchema
{
    /// <summary>The schema (namespace) the table lives in: <c>main</c> for SQLite, e.g. <c>public</c> for PostgreSQL.</summary>
    public required string Schema { get; init; }

    /// <summary>The table name, unquoted, as the catalog spells it.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The name used in findings and DDL: <see cref="Name"/> alone in the default schema
    /// (<c>main</c>, <c>public</c>), otherwise <c>schema.name</c>.
    /// </summary>
    public string DisplayName =>
        Schema is "main" or "public" or "" ? Name : Schema + "." + Name;

    /// <summary>The columns, in declaration order.</summary>
    public required IReadOnlyList<ColumnSchema> Columns { get; init; }

    /// <summary>The primary key's columns, in key order; empty when the table declares no primary key.</summary>
    public required IReadOnlyList<string> PrimaryKey { get; init; }

    /// <summary>The foreign keys declared on this table.</summary>
    public required IReadOnlyList<ForeignKeySchema> ForeignKeys { get; init; }

    /// <summary>The indexes on this table, including the ones backing primary keys and unique constraints.</summary>
    public required IReadOnlyList<IndexSchema> Indexes { get; init; }

    /// <summary>The number of rows, exact or estimated (see <see cref="RowCountIsEstimate"/>); <see langword="null"/> when unknown.</summary>
    public long? RowCount { get; init; }

    /// <summary>
    /// <see langword="true"/> when <see cref="RowCount"/> comes from statistics (<c>sqlite_stat1</c>,
    /// <c>pg_class.reltuples</c>) or a capped count, rather than an exact count.
    /// </summary>
    public bool RowCountIsEstimate { get; init; }
}

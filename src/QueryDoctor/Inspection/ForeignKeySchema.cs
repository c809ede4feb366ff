namespace QueryDoctor.Inspection;

/// <summary>A foreign key: columns of the owning table that reference columns of another table.</summary>
public sealed record ForeignKeySchema
{
    /// <summary>The constraint name, or <see langword="null"/> when the database keeps none (SQLite).</summary>
    public string? Name { get; init; }

    /// <summary>The referencing columns of the owning table, in key order.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>The referenced table (its <see cref="TableSchema.DisplayName"/> form).</summary>
    public required string ReferencedTable { get; init; }

    /// <summary>The referenced columns, in the same order as <see cref="Columns"/>; empty when the database left them implicit and they could not be resolved.</summary>
    public required IReadOnlyList<string> ReferencedColumns { get; init; }
}

namespace QueryDoctor.Inspection;

/// <summary>One table read in a plan.</summary>
public sealed record TableAccess
{
    /// <summary>The table read, unquoted; the alias when the plan names only an alias that could not be resolved.</summary>
    public required string Table { get; init; }

    /// <summary>The alias the statement gives the table, when the plan reports one that differs from the name.</summary>
    public string? Alias { get; init; }

    /// <summary>How the table is read.</summary>
    public required TableAccessKind Kind { get; init; }

    /// <summary>The index used, or <see langword="null"/> for a plain scan or a primary-key lookup without a named index.</summary>
    public string? IndexName { get; init; }

    /// <summary>
    /// Whether the plan filters this table's rows while reading them: always <see langword="true"/> for an
    /// index search; for a scan, what the plan says (PostgreSQL <c>Filter</c>) or <see langword="null"/> when it does not say (SQLite).
    /// </summary>
    public bool? IsFiltered { get; init; }

    /// <summary>The plan line or node this access was parsed from.</summary>
    public required string Detail { get; init; }
}

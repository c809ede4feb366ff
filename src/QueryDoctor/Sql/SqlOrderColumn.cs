using System.Diagnostics.CodeAnalysis;

namespace QueryDoctor.Sql;

/// <summary>One term of a statement's top-level <c>ORDER BY</c>.</summary>
public readonly record struct SqlOrderColumn
{
    /// <summary>A term of an <c>ORDER BY</c>.</summary>
    /// <param name="column">The column ordered by.</param>
    /// <param name="descending"><see langword="true"/> for <c>DESC</c>.</param>
    [SetsRequiredMembers]
    public SqlOrderColumn(SqlColumn column, bool descending)
    {
        Column = column;
        Descending = descending;
    }

    /// <summary>The column ordered by.</summary>
    public required SqlColumn Column { get; init; }

    /// <summary><see langword="true"/> for <c>DESC</c>.</summary>
    public bool Descending { get; init; }
}

namespace QueryDoctor.Sql;

/// <summary>One term of a statement's top-level <c>ORDER BY</c>.</summary>
/// <param name="Column">The column ordered by.</param>
/// <param name="Descending"><see langword="true"/> for <c>DESC</c>.</param>
public readonly record struct SqlOrderColumn(SqlColumn Column, bool Descending);

namespace QueryDoctor.Sql;

/// <summary>
/// A column a statement refers to. <see cref="Table"/> is the table the column belongs to, resolved
/// through aliases when the statement says (<c>"p"."blog_id"</c> with <c>FROM posts AS p</c> gives
/// <c>posts</c>), or <see langword="null"/> when the column is unqualified and the statement reads
/// more than one table. Names are unquoted and spelled as in the SQL text.
/// </summary>
/// <param name="Table">The owning table, or <see langword="null"/> when it cannot be told.</param>
/// <param name="Column">The column name.</param>
public readonly record struct SqlColumn(string? Table, string Column)
{
    /// <inheritdoc />
    public override string ToString() => Table is null ? Column : Table + "." + Column;
}

using System.Diagnostics.CodeAnalysis;

namespace QueryDoctor.Sql;

/// <summary>
/// A column a statement refers to. <see cref="Table"/> is the table the column belongs to, resolved
/// through aliases when the statement says (<c>"p"."blog_id"</c> with <c>FROM posts AS p</c> gives
/// <c>posts</c>), or <see langword="null"/> when the column is unqualified and the statement reads
/// more than one table. Names are unquoted and spelled as in the SQL text.
/// </summary>
public readonly record struct SqlColumn
{
    /// <summary>A column of a table.</summary>
    /// <param name="table">The owning table, or <see langword="null"/> when it cannot be told.</param>
    /// <param name="column">The column name.</param>
    [SetsRequiredMembers]
    public SqlColumn(string? table, string column)
    {
        Table = table;
        Column = column;
    }

    /// <summary>The owning table, or <see langword="null"/> when it cannot be told.</summary>
    public string? Table { get; init; }

    /// <summary>The column name.</summary>
    public required string Column { get; init; }

    /// <inheritdoc />
    public override string ToString() => Table is null ? Column : Table + "." + Column;
}

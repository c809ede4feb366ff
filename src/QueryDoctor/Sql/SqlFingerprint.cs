using System.Globalization;

namespace QueryDoctor.Sql;

/// <summary>
/// The shape of a statement: literals and parameters replaced by one placeholder, IN-lists and
/// VALUES rows collapsed, comments dropped, whitespace, keyword case and identifier quoting
/// normalised. Statements that differ only in values, parameter names, list lengths, layout or
/// quoting share one fingerprint (and one instance, while the fingerprinter's cache holds it).
/// Also carries what the detectors need to know about the shape.
/// </summary>
public sealed class SqlFingerprint : IEquatable<SqlFingerprint>
{
    private string? _id;

    internal SqlFingerprint(
        string text,
        ulong hash,
        SqlStatementKind kind,
        string? mainTable,
        IReadOnlyList<string> tables,
        IReadOnlyList<SqlColumn> equalityColumns,
        IReadOnlyList<SqlColumn> rangeColumns,
        IReadOnlyList<SqlOrderColumn> orderBy,
        bool hasRowLimit,
        bool hasOffset,
        IReadOnlyList<string> insertColumns)
    {
        Text = text;
        Hash = hash;
        Kind = kind;
        MainTable = mainTable;
        Tables = tables;
        EqualityColumns = equalityColumns;
        RangeColumns = rangeColumns;
        OrderBy = orderBy;
        HasRowLimit = hasRowLimit;
        HasOffset = hasOffset;
        InsertColumns = insertColumns;
    }

    /// <summary>The normalised statement text, e.g. <c>select p.id from posts as p where p.blog_id = ?</c>.</summary>
    public string Text { get; }

    /// <summary>A stable 64-bit FNV-1a hash of <see cref="Text"/>: the same on every machine and run.</summary>
    public ulong Hash { get; }

    /// <summary><see cref="Hash"/> as 16 lowercase hex digits; the <c>fingerprint</c> field of reports.</summary>
    public string Id => _id ??= Hash.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>What the statement does.</summary>
    public SqlStatementKind Kind { get; }

    /// <summary>
    /// The table the statement is about: the first table of a SELECT's FROM (looking through derived
    /// tables), the target of INSERT/UPDATE/DELETE. Unquoted, as spelled in the SQL, without schema.
    /// </summary>
    public string? MainTable { get; }

    /// <summary>Every table the statement names, in order of first appearance, without duplicates.</summary>
    public IReadOnlyList<string> Tables { get; }

    /// <summary>Columns compared by equality with a value in a WHERE clause (<c>= ?</c>, <c>IN (…)</c>).</summary>
    public IReadOnlyList<SqlColumn> EqualityColumns { get; }

    /// <summary>Columns compared by range with a value in a WHERE clause (<c>&lt; &lt;= &gt; &gt;=</c>, BETWEEN).</summary>
    public IReadOnlyList<SqlColumn> RangeColumns { get; }

    /// <summary>The top-level ORDER BY columns, in order.</summary>
    public IReadOnlyList<SqlOrderColumn> OrderBy { get; }

    /// <summary>Whether the statement limits its rows: LIMIT, TOP or FETCH FIRST/NEXT.</summary>
    public bool HasRowLimit { get; }

    /// <summary>Whether the statement skips rows: OFFSET.</summary>
    public bool HasOffset { get; }

    /// <summary>The column list of an INSERT, in order; empty for other statements.</summary>
    public IReadOnlyList<string> InsertColumns { get; }

    /// <summary>
    /// Whether the statement reads a page: it has an OFFSET, or a row limit plus a range predicate on
    /// its first ORDER BY column (keyset pagination). Paging loops are not N+1 queries.
    /// </summary>
    public bool IsPagination
    {
        get
        {
            if (HasOffset)
            {
                return true;
            }

            if (!HasRowLimit || OrderBy.Count == 0)
            {
                return false;
            }

            var first = OrderBy[0].Column;
            foreach (var range in RangeColumns)
            {
                if (string.Equals(range.Column, first.Column, StringComparison.OrdinalIgnoreCase)
                    && (range.Table is null || first.Table is null
                        || string.Equals(range.Table, first.Table, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Whether the statement is an INSERT, UPDATE or DELETE.</summary>
    public bool IsWrite => Kind is SqlStatementKind.Insert or SqlStatementKind.Update or SqlStatementKind.Delete;

    /// <summary>Fingerprints a statement (cached per distinct text by <see cref="SqlFingerprinter.Shared"/>).</summary>
    /// <param name="sql">The statement text as sent to the database.</param>
    /// <returns>The statement's fingerprint.</returns>
    public static SqlFingerprint Of(string sql) => SqlFingerprinter.Shared.Analyze(sql).Fingerprint;

    /// <inheritdoc />
    public bool Equals(SqlFingerprint? other) =>
        other is not null && (ReferenceEquals(this, other) || (Hash == other.Hash && string.Equals(Text, other.Text, StringComparison.Ordinal)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SqlFingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => (int)(Hash ^ (Hash >> 32));

    /// <inheritdoc />
    public override string ToString() => Text;
}

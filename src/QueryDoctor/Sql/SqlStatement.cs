namespace QueryDoctor.Sql;

/// <summary>
/// One exact statement text, analysed: its <see cref="SqlFingerprint"/> plus what belongs to the text
/// rather than the shape (how many parameter markers it has, and a hash of its inlined literal values,
/// so that literal-inlined statements can be told apart by value).
/// </summary>
public sealed class SqlStatement
{
    private string? _maskedText;
    private string? _maskedDollarText;

    internal SqlStatement(SqlFingerprint fingerprint, int parameterCount, int literalCount, ulong literalsHash, string[]? allowedRules = null)
    {
        AllowedRules = allowedRules ?? [];
        Fingerprint = fingerprint;
        ParameterCount = parameterCount;
        LiteralCount = literalCount;
        LiteralsHash = literalsHash;
    }

    /// <summary>The statement's shape.</summary>
    public SqlFingerprint Fingerprint { get; }

    /// <summary>Parameter markers in the text (<c>@p0</c>, <c>:name</c>, <c>$1</c>, <c>?</c>).</summary>
    public int ParameterCount { get; }

    /// <summary>Inlined literal values in the text (strings, numbers, blobs).</summary>
    public int LiteralCount { get; }

    /// <summary>A stable hash of the inlined literal values in order; 0 when there are none.</summary>
    public ulong LiteralsHash { get; }

    /// <summary>
    /// Rule ids this text allows through a <c>querydoctor:allow rule[, rule…]</c> comment (lower-case; empty when
    /// the text carries no such comment). EF Core's <c>TagWith("querydoctor:allow n-plus-one")</c> writes one;
    /// the comment is not part of the fingerprint, so tagged and untagged texts share a shape.
    /// </summary>
    public IReadOnlyList<string> AllowedRules { get; }

    /// <summary>
    /// The text with its inlined literal values replaced by placeholders (<see cref="SqlLiteralMask"/>), computed
    /// once per statement and kept: the fingerprinter caches one <see cref="SqlStatement"/> per distinct text, so a
    /// repeated command costs a field read. <paramref name="sql"/> must be the text this statement was analysed from.
    /// </summary>
    /// <param name="sql">The statement's own text.</param>
    /// <param name="dollarPlaceholders">PostgreSQL's <c>$n</c> rather than <c>?</c>.</param>
    internal string MaskedText(string sql, bool dollarPlaceholders)
    {
        if (LiteralCount == 0)
        {
            return sql;
        }

        // A race computes the same string twice at worst; strings are immutable, so either copy is right.
        if (dollarPlaceholders)
        {
            return _maskedDollarText ??= SqlLiteralMask.Apply(sql, dollarPlaceholders: true);
        }

        return _maskedText ??= SqlLiteralMask.Apply(sql, dollarPlaceholders: false);
    }
}

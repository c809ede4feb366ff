namespace QueryDoctor.Sql;

/// <summary>
/// One lexical token. For quoted identifiers <see cref="Start"/> and <see cref="Length"/> cover the
/// content between the quotes; for everything else the raw text. <see cref="Depth"/> is the
/// parenthesis depth the token sits at (a parenthesis has the depth outside it). A word's
/// <see cref="Keyword"/> is classified once, by the lexer, so later passes compare small integers.
/// <see cref="HasNul"/>: a quoted identifier contains a NUL character (normalised like an escape).
/// </summary>
internal readonly record struct SqlToken(
    SqlTokenKind Kind,
    int Start,
    int Length,
    int Depth,
    bool HasEscapes = false,
    SqlKeyword Keyword = SqlKeyword.None,
    bool HasNul = false)
{
    public bool IsValue => Kind is SqlTokenKind.String or SqlTokenKind.Number or SqlTokenKind.Parameter;

    public ReadOnlySpan<char> Text(ReadOnlySpan<char> sql) => sql.Slice(Start, Length);
}

namespace QueryDoctor.Sql;

internal enum SqlTokenKind : byte
{
    Word,
    QuotedIdentifier,
    String,
    Number,
    Parameter,
    LeftParen,
    RightParen,
    Comma,
    Dot,
    Semicolon,
    Operator,
}

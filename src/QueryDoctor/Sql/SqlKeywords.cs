namespace QueryDoctor.Sql;

/// <summary>
/// Classifies words as <see cref="SqlKeyword"/>s, and says which of them are reserved: never a table
/// alias or a bare column name. The reserved list is deliberately short: words such as <c>key</c>,
/// <c>value</c> or <c>first</c> are common column names, so they stay out.
/// </summary>
internal static class SqlKeywords
{
    private const int MaxLength = 13;
    private static readonly bool[] Reserved = CreateReserved();

    // In SqlKeyword order, after None.
    private static readonly string[] Spellings =
    [
        "all",
        "and",
        "any",
        "apply",
        "as",
        "asc",
        "between",
        "by",
        "case",
        "collate",
        "conflict",
        "cross",
        "default",
        "delete",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "escape",
        "except",
        "exists",
        "false",
        "fetch",
        "first",
        "for",
        "from",
        "full",
        "glob",
        "group",
        "having",
        "ilike",
        "in",
        "inner",
        "insert",
        "intersect",
        "into",
        "is",
        "join",
        "key",
        "lateral",
        "left",
        "like",
        "limit",
        "materialized",
        "merge",
        "natural",
        "next",
        "not",
        "null",
        "nulls",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "outer",
        "output",
        "over",
        "partition",
        "recursive",
        "regexp",
        "replace",
        "returning",
        "right",
        "select",
        "set",
        "similar",
        "some",
        "straight_join",
        "then",
        "top",
        "true",
        "union",
        "update",
        "using",
        "values",
        "when",
        "where",
        "window",
        "with",
    ];

    /// <summary>The keyword <paramref name="word"/> spells, in any case; <see cref="SqlKeyword.None"/> for other words.</summary>
    public static SqlKeyword Classify(ReadOnlySpan<char> word)
    {
        if (word.Length is < 2 or > MaxLength)
        {
            return SqlKeyword.None;
        }

        Span<char> lower = stackalloc char[MaxLength];
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (c > 127)
            {
                // OrdinalIgnoreCase folds a few non-ASCII letters onto ASCII ones (the Kelvin sign, dotless i).
                return ClassifyNonAscii(word);
            }

            if (!char.IsAsciiLetter(c) && c != '_')
            {
                return SqlKeyword.None;
            }

            lower[i] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
        }

        return lower[..word.Length] switch
        {
            "all" => SqlKeyword.All,
            "and" => SqlKeyword.And,
            "any" => SqlKeyword.Any,
            "apply" => SqlKeyword.Apply,
            "as" => SqlKeyword.As,
            "asc" => SqlKeyword.Asc,
            "between" => SqlKeyword.Between,
            "by" => SqlKeyword.By,
            "case" => SqlKeyword.Case,
            "collate" => SqlKeyword.Collate,
            "conflict" => SqlKeyword.Conflict,
            "cross" => SqlKeyword.Cross,
            "default" => SqlKeyword.Default,
            "delete" => SqlKeyword.Delete,
            "desc" => SqlKeyword.Desc,
            "distinct" => SqlKeyword.Distinct,
            "do" => SqlKeyword.Do,
            "else" => SqlKeyword.Else,
            "end" => SqlKeyword.End,
            "escape" => SqlKeyword.Escape,
            "except" => SqlKeyword.Except,
            "exists" => SqlKeyword.Exists,
            "false" => SqlKeyword.False,
            "fetch" => SqlKeyword.Fetch,
            "first" => SqlKeyword.First,
            "for" => SqlKeyword.For,
            "from" => SqlKeyword.From,
            "full" => SqlKeyword.Full,
            "glob" => SqlKeyword.Glob,
            "group" => SqlKeyword.Group,
            "having" => SqlKeyword.Having,
            "ilike" => SqlKeyword.Ilike,
            "in" => SqlKeyword.In,
            "inner" => SqlKeyword.Inner,
            "insert" => SqlKeyword.Insert,
            "intersect" => SqlKeyword.Intersect,
            "into" => SqlKeyword.Into,
            "is" => SqlKeyword.Is,
            "join" => SqlKeyword.Join,
            "key" => SqlKeyword.Key,
            "lateral" => SqlKeyword.Lateral,
            "left" => SqlKeyword.Left,
            "like" => SqlKeyword.Like,
            "limit" => SqlKeyword.Limit,
            "materialized" => SqlKeyword.Materialized,
            "merge" => SqlKeyword.Merge,
            "natural" => SqlKeyword.Natural,
            "next" => SqlKeyword.Next,
            "not" => SqlKeyword.Not,
            "null" => SqlKeyword.Null,
            "nulls" => SqlKeyword.Nulls,
            "offset" => SqlKeyword.Offset,
            "on" => SqlKeyword.On,
            "only" => SqlKeyword.Only,
            "or" => SqlKeyword.Or,
            "order" => SqlKeyword.Order,
            "outer" => SqlKeyword.Outer,
            "output" => SqlKeyword.Output,
            "over" => SqlKeyword.Over,
            "partition" => SqlKeyword.Partition,
            "recursive" => SqlKeyword.Recursive,
            "regexp" => SqlKeyword.Regexp,
            "replace" => SqlKeyword.Replace,
            "returning" => SqlKeyword.Returning,
            "right" => SqlKeyword.Right,
            "select" => SqlKeyword.Select,
            "set" => SqlKeyword.Set,
            "similar" => SqlKeyword.Similar,
            "some" => SqlKeyword.Some,
            "straight_join" => SqlKeyword.StraightJoin,
            "then" => SqlKeyword.Then,
            "top" => SqlKeyword.Top,
            "true" => SqlKeyword.True,
            "union" => SqlKeyword.Union,
            "update" => SqlKeyword.Update,
            "using" => SqlKeyword.Using,
            "values" => SqlKeyword.Values,
            "when" => SqlKeyword.When,
            "where" => SqlKeyword.Where,
            "window" => SqlKeyword.Window,
            "with" => SqlKeyword.With,
            _ => SqlKeyword.None,
        };
    }

    /// <summary>Whether the keyword is reserved (never an alias or a bare column name).</summary>
    public static bool IsReserved(SqlKeyword keyword) => Reserved[(int)keyword];

    /// <summary>Whether <paramref name="word"/> is a reserved keyword, in any case.</summary>
    public static bool IsReserved(ReadOnlySpan<char> word) => IsReserved(Classify(word));

    private static SqlKeyword ClassifyNonAscii(ReadOnlySpan<char> word)
    {
        for (var i = 0; i < Spellings.Length; i++)
        {
            if (word.Equals(Spellings[i], StringComparison.OrdinalIgnoreCase))
            {
                return (SqlKeyword)(i + 1);
            }
        }

        return SqlKeyword.None;
    }

    private static bool[] CreateReserved()
    {
        var reserved = new bool[256];
        reserved[(int)SqlKeyword.All] = true;
        reserved[(int)SqlKeyword.And] = true;
        reserved[(int)SqlKeyword.Any] = true;
        reserved[(int)SqlKeyword.Apply] = true;
        reserved[(int)SqlKeyword.As] = true;
        reserved[(int)SqlKeyword.Asc] = true;
        reserved[(int)SqlKeyword.Between] = true;
        reserved[(int)SqlKeyword.By] = true;
        reserved[(int)SqlKeyword.Case] = true;
        reserved[(int)SqlKeyword.Collate] = true;
        reserved[(int)SqlKeyword.Conflict] = true;
        reserved[(int)SqlKeyword.Cross] = true;
        reserved[(int)SqlKeyword.Default] = true;
        reserved[(int)SqlKeyword.Delete] = true;
        reserved[(int)SqlKeyword.Desc] = true;
        reserved[(int)SqlKeyword.Distinct] = true;
        reserved[(int)SqlKeyword.Do] = true;
        reserved[(int)SqlKeyword.Else] = true;
        reserved[(int)SqlKeyword.End] = true;
        reserved[(int)SqlKeyword.Escape] = true;
        reserved[(int)SqlKeyword.Except] = true;
        reserved[(int)SqlKeyword.Exists] = true;
        reserved[(int)SqlKeyword.False] = true;
        reserved[(int)SqlKeyword.Fetch] = true;
        reserved[(int)SqlKeyword.For] = true;
        reserved[(int)SqlKeyword.From] = true;
        reserved[(int)SqlKeyword.Full] = true;
        reserved[(int)SqlKeyword.Glob] = true;
        reserved[(int)SqlKeyword.Group] = true;
        reserved[(int)SqlKeyword.Having] = true;
        reserved[(int)SqlKeyword.Ilike] = true;
        reserved[(int)SqlKeyword.In] = true;
        reserved[(int)SqlKeyword.Inner] = true;
        reserved[(int)SqlKeyword.Insert] = true;
        reserved[(int)SqlKeyword.Intersect] = true;
        reserved[(int)SqlKeyword.Into] = true;
        reserved[(int)SqlKeyword.Is] = true;
        reserved[(int)SqlKeyword.Join] = true;
        reserved[(int)SqlKeyword.Lateral] = true;
        reserved[(int)SqlKeyword.Left] = true;
        reserved[(int)SqlKeyword.Like] = true;
        reserved[(int)SqlKeyword.Limit] = true;
        reserved[(int)SqlKeyword.Merge] = true;
        reserved[(int)SqlKeyword.Natural] = true;
        reserved[(int)SqlKeyword.Not] = true;
        reserved[(int)SqlKeyword.Null] = true;
        reserved[(int)SqlKeyword.Offset] = true;
        reserved[(int)SqlKeyword.On] = true;
        reserved[(int)SqlKeyword.Or] = true;
        reserved[(int)SqlKeyword.Order] = true;
        reserved[(int)SqlKeyword.Outer] = true;
        reserved[(int)SqlKeyword.Output] = true;
        reserved[(int)SqlKeyword.Over] = true;
        reserved[(int)SqlKeyword.Partition] = true;
        reserved[(int)SqlKeyword.Recursive] = true;
        reserved[(int)SqlKeyword.Regexp] = true;
        reserved[(int)SqlKeyword.Replace] = true;
        reserved[(int)SqlKeyword.Returning] = true;
        reserved[(int)SqlKeyword.Right] = true;
        reserved[(int)SqlKeyword.Select] = true;
        reserved[(int)SqlKeyword.Set] = true;
        reserved[(int)SqlKeyword.Similar] = true;
        reserved[(int)SqlKeyword.Some] = true;
        reserved[(int)SqlKeyword.StraightJoin] = true;
        reserved[(int)SqlKeyword.Then] = true;
        reserved[(int)SqlKeyword.Top] = true;
        reserved[(int)SqlKeyword.True] = true;
        reserved[(int)SqlKeyword.Union] = true;
        reserved[(int)SqlKeyword.Update] = true;
        reserved[(int)SqlKeyword.Using] = true;
        reserved[(int)SqlKeyword.Values] = true;
        reserved[(int)SqlKeyword.When] = true;
        reserved[(int)SqlKeyword.Where] = true;
        reserved[(int)SqlKeyword.Window] = true;
        reserved[(int)SqlKeyword.With] = true;
        return reserved;
    }
}

namespace QueryDoctor.Sql;

/// <summary>
/// Classifies words as <see cref="SqlKeyword"/>s, and says which of them are reserved: never a table
/// alias or a bare column name. The reserved list is deliberately short: words such as <c>key</c>,
/// <c>value</c> or <c>first</c> are common column names, so they stay out.
/// </summary>
internal static class SqlKeywords
{
    private const int MaxLength = 13;
    private const int TableBits = 8;
    private const int TableSize = 1 << TableBits;
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

    // Open addressing over the packed spellings; declared after Spellings, which it is built from.
    private static readonly Entry[] Table = CreateTable();

    /// <summary>The keyword <paramref name="word"/> spells, in any case; <see cref="SqlKeyword.None"/> for other words.</summary>
    public static SqlKeyword Classify(ReadOnlySpan<char> word)
    {
        if (word.Length is < 2 or > MaxLength)
        {
            return SqlKeyword.None;
        }

        // Lowercased ASCII packed into two words, one byte a letter: a keyword is one table probe away.
        ulong low = 0;
        ulong high = 0;
        for (var i = 0; i < word.Length; i++)
        {
            uint c = word[i];
            if (c > 127)
            {
                // OrdinalIgnoreCase folds a few non-ASCII letters onto ASCII ones (the Kelvin sign, dotless i).
                return ClassifyNonAscii(word);
            }

            if (c - 'A' <= 'Z' - 'A')
            {
                c |= 0x20;
            }
            else if (c - 'a' > 'z' - 'a' && c != '_')
            {
                return SqlKeyword.None;
            }

            if (i < 8)
            {
                low |= (ulong)c << (8 * i);
            }
            else
            {
                high |= (ulong)c << (8 * (i - 8));
            }
        }

        var slot = Slot(low, high);
        while (true)
        {
            var entry = Table[slot];
            if (entry.Keyword == SqlKeyword.None)
            {
                return SqlKeyword.None;
            }

            if (entry.Low == low && entry.High == high)
            {
                return entry.Keyword;
            }

            slot = (slot + 1) & (TableSize - 1);
        }
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

    private static int Slot(ulong low, ulong high) =>
        (int)(((low ^ (high * 31)) * 0x9E3779B97F4A7C15UL) >> (64 - TableBits));

    private static Entry[] CreateTable()
    {
        var table = new Entry[TableSize];
        for (var k = 0; k < Spellings.Length; k++)
        {
            var spelling = Spellings[k];
            ulong low = 0;
            ulong high = 0;
            for (var i = 0; i < spelling.Length; i++)
            {
                if (i < 8)
                {
                    low |= (ulong)spelling[i] << (8 * i);
                }
                else
                {
                    high |= (ulong)spelling[i] << (8 * (i - 8));
                }
            }

            var slot = Slot(low, high);
            while (table[slot].Keyword != SqlKeyword.None)
            {
                slot = (slot + 1) & (TableSize - 1);
            }

            table[slot] = new Entry(low, high, (SqlKeyword)(k + 1));
        }

        return table;
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

    private readonly record struct Entry(ulong Low, ulong High, SqlKeyword Keyword);
}

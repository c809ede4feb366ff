using System.Collections.Frozen;

namespace QueryDoctor.Sql;

/// <summary>
/// Words that are never a table alias or a bare column name. Deliberately short: words such as
/// <c>key</c>, <c>value</c> or <c>first</c> are common column names, so they stay out.
/// </summary>
internal static class SqlKeywords
{
    private static readonly FrozenSet<string> Reserved = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "all", "and", "any", "apply", "as", "asc", "between", "by", "case", "collate", "conflict", "cross",
        "default", "delete", "desc", "distinct", "do", "else", "end", "escape", "except", "exists", "false",
        "fetch", "for", "from", "full", "glob", "group", "having", "ilike", "in", "inner", "insert",
        "intersect", "into", "is", "join", "lateral", "left", "like", "limit", "merge", "natural", "not",
        "null", "offset", "on", "or", "order", "outer", "output", "over", "partition", "recursive", "regexp",
        "replace", "returning", "right", "select", "set", "similar", "some", "straight_join", "then", "top",
        "true", "union", "update", "using", "values", "when", "where", "window", "with");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ReservedLookup =
        Reserved.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsReserved(ReadOnlySpan<char> word) => ReservedLookup.Contains(word);
}

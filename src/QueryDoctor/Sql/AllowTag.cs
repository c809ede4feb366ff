namespace QueryDoctor.Sql;

/// <summary>
/// Reads the <c>querydoctor:allow rule[, rule…]</c> marker a statement carries in a comment (EF Core's
/// <c>TagWith("querydoctor:allow n-plus-one")</c> writes <c>-- querydoctor:allow n-plus-one</c> above the SQL).
/// Runs once per distinct statement text (the fingerprinter caches the result), and only scans further
/// than one <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> when the marker is present.
/// </summary>
internal static class AllowTag
{
    public const string Marker = "querydoctor:allow";

    // Rule ids are short and few; longer words and further ids cannot name a rule and are not kept.
    private const int MaxRuleLength = 64;
    private const int MaxRules = 32;

    /// <summary>The rule ids the text allows, lower-case, without duplicates; <see langword="null"/> when none. Never throws.</summary>
    public static string[]? Parse(ReadOnlySpan<char> sql)
    {
        try
        {
            var at = sql.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return null;
            }

            List<string>? rules = null;

            // Where the current line and the current block comment end (absolute; -1 = not looked up yet,
            // sql.Length = none), found once per line rather than once per marker so many markers stay linear.
            var lineEnd = -1;
            var commentEnd = -1;
            while (at >= 0)
            {
                var from = at + Marker.Length;
                if (lineEnd < from)
                {
                    var found = sql[from..].IndexOfAny('\r', '\n');
                    lineEnd = found < 0 ? sql.Length : from + found;
                }

                if (commentEnd < from)
                {
                    var found = sql[from..].IndexOf("*/", StringComparison.Ordinal);
                    commentEnd = found < 0 ? sql.Length : from + found;
                }

                // The list runs to the end of the line or of the block comment, whichever comes first, and stops
                // at the next marker, which reads the rest itself (so many markers on one line stay linear).
                var next = sql[from..].IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
                var list = sql[from..Math.Min(Math.Min(lineEnd, commentEnd), next < 0 ? sql.Length : from + next)];
                foreach (var range in list.SplitAny(", \t;"))
                {
                    var rule = list[range].Trim();
                    if (rule.IsEmpty || rule.Length > MaxRuleLength || !IsRuleId(rule))
                    {
                        continue;
                    }

                    var id = rule.ToString().ToLowerInvariant();
                    rules ??= [];
                    if (rules.Count < MaxRules && !rules.Contains(id))
                    {
                        rules.Add(id);
                    }
                }

                at = next < 0 ? -1 : from + next;
            }

            return rules?.ToArray();
        }
#pragma warning disable CA1031 // A malformed tag must never break capture: it is simply not honoured.
        catch
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static bool IsRuleId(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}

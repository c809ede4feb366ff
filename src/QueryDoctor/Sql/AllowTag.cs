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
            while (at >= 0)
            {
                var rest = sql[(at + Marker.Length)..];

                // The list runs to the end of the line or of the block comment, whichever comes first.
                var end = rest.IndexOfAny('\r', '\n');
                var close = rest.IndexOf("*/", StringComparison.Ordinal);
                if (close >= 0 && (end < 0 || close < end))
                {
                    end = close;
                }

                var list = end < 0 ? rest : rest[..end];
                foreach (var range in list.SplitAny(", \t;"))
                {
                    var rule = list[range].Trim();
                    if (rule.IsEmpty || !IsRuleId(rule))
                    {
                        continue;
                    }

                    var id = rule.ToString().ToLowerInvariant();
                    rules ??= [];
                    if (!rules.Contains(id))
                    {
                        rules.Add(id);
                    }
                }

                var next = rest.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
                at = next < 0 ? -1 : at + Marker.Length + next;
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

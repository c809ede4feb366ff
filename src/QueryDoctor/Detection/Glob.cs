namespace QueryDoctor.Detection;

/// <summary>
/// Wildcard matching for suppressions: <c>*</c> matches any run of characters; a pattern without <c>*</c> matches as a
/// substring. <c>?</c> is not a wildcard: normalised SQL uses it for every value.
/// </summary>
internal static class Glob
{
    public static bool IsMatch(string pattern, string text, StringComparison comparison)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return text.Contains(pattern, comparison);
        }

        var ignoreCase = comparison == StringComparison.OrdinalIgnoreCase;
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && Same(pattern[p], text[t], ignoreCase))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));
}

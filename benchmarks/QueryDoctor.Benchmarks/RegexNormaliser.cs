using System.Text.RegularExpressions;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// The baseline: the regex normalisation that runtime N+1 detectors commonly apply (lower-case,
/// strip comments, replace literals and parameters, collapse IN-lists and whitespace, hash).
/// It extracts no shape; QueryDoctor's lexer does that too, so this flatters the baseline.
/// </summary>
internal static partial class RegexNormaliser
{
    public static ulong Fingerprint(string sql)
    {
        var text = LineComment().Replace(sql, " ");
        text = BlockComment().Replace(text, " ");
        text = StringLiteral().Replace(text, "?");
        text = Parameter().Replace(text, "?");
        text = NumberLiteral().Replace(text, "?");
        text = QuotedIdentifier().Replace(text, "$1$2$3");
        text = InList().Replace(text, "in (?)");
        text = ValuesRows().Replace(text, "values (?)");
        text = Whitespace().Replace(text, " ").Trim().ToLowerInvariant();
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?:[@:$][A-Za-z_0-9]+|\?)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"\b\d+(?:\.\d+)?\b")]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"""([^""]+)""|\[([^\]]+)\]|`([^`]+)`")]
    private static partial Regex QuotedIdentifier();

    [GeneratedRegex(@"in\s*\(\s*\?(?:\s*,\s*\?)*\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex InList();

    [GeneratedRegex(@"values\s*\(\s*\?(?:\s*,\s*\?)*\s*\)(?:\s*,\s*\(\s*\?(?:\s*,\s*\?)*\s*\))*", RegexOptions.IgnoreCase)]
    private static partial Regex ValuesRows();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace QueryDoctor.Inspection.Postgres;

/// <summary>
/// Where each numbered parameter (<c>$1</c>) of a normalised statement stands: compared with which column
/// (<c>a."UserId" = $1</c>, <c>$2 &lt; created_at</c>, <c>id IN ($1, $2)</c>, <c>id = ANY ($1)</c>,
/// <c>BETWEEN $1 AND $2</c>, <c>LIKE $1</c>), or as a row limit or offset. Heuristic by design, like the
/// shape parser: what it cannot place stays unknown and is bound by the inspector's typed placeholders.
/// </summary>
internal static partial class ParameterContexts
{
    /// <summary>How a parameter is used.</summary>
    internal enum Role
    {
        Equality,
        Lower,
        Upper,
        Array,
        Limit,
        Offset,
    }

    /// <summary>One placed parameter: its number, the column (with its qualifier, when written) and its role.</summary>
    internal readonly record struct Context(int Number, string? Qualifier, string? Column, Role Role);

    private const string Identifier = """(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)""";
    private const string ColumnRef = $"""(?:(?<q>{Identifier})\s*\.\s*)?(?<c>{Identifier})""";

    /// <summary>Every parameter whose use could be placed, by parameter number (one context per number, first use wins).</summary>
    public static IReadOnlyDictionary<int, Context> Find(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var found = new Dictionary<int, Context>();

        void Add(int number, Match match, Role role)
        {
            var column = match.Groups["c"];
            if (column.Success && IsKeyword(column.Value))
            {
                return;
            }

            found.TryAdd(number, new Context(
                number,
                match.Groups["q"].Success ? Unquote(match.Groups["q"].Value) : null,
                column.Success ? Unquote(column.Value) : null,
                role));
        }

        foreach (Match match in Between().Matches(sql))
        {
            Add(Number(match.Groups["a"].Value), match, Role.Lower);
            Add(Number(match.Groups["b"].Value), match, Role.Upper);
        }

        foreach (Match match in InList().Matches(sql))
        {
            foreach (Match parameter in Parameter().Matches(match.Groups["list"].Value))
            {
                Add(Number(parameter.Groups["n"].Value), match, Role.Equality);
            }
        }

        foreach (Match match in ColumnFirst().Matches(sql))
        {
            var role = match.Groups["any"].Success ? Role.Array : RoleOf(match.Groups["op"].Value, flipped: false);
            Add(Number(match.Groups["n"].Value), match, role);
        }

        foreach (Match match in ParameterFirst().Matches(sql))
        {
            Add(Number(match.Groups["n"].Value), match, RoleOf(match.Groups["op"].Value, flipped: true));
        }

        foreach (Match match in Limits().Matches(sql))
        {
            var role = match.Groups["kind"].Value.Equals("OFFSET", StringComparison.OrdinalIgnoreCase) ? Role.Offset : Role.Limit;
            found.TryAdd(Number(match.Groups["n"].Value), new Context(Number(match.Groups["n"].Value), null, null, role));
        }

        return found;
    }

    private static Role RoleOf(string op, bool flipped)
    {
        var normalised = op.Trim().ToUpperInvariant();
        return normalised switch
        {
            ">" or ">=" => flipped ? Role.Upper : Role.Lower,
            "<" or "<=" => flipped ? Role.Lower : Role.Upper,
            _ => Role.Equality,
        };
    }

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Unquote(string name) =>
        name.Length >= 2 && name[0] == '"' ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name;

    private static bool IsKeyword(string word) =>
        word.ToUpperInvariant() is "AND" or "OR" or "NOT" or "WHERE" or "ON" or "SELECT" or "LIMIT" or "OFFSET" or "CASE" or "WHEN" or "THEN" or "ELSE" or "END" or "IS" or "NULL";

    [GeneratedRegex(ColumnRef + """\s*(?<op>=|<>|!=|<=|>=|<|>|(?:NOT\s+)?I?LIKE\b)\s*(?:(?<any>ANY|ALL)\s*\(\s*)?\$(?<n>\d+)\b""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ColumnFirst();

    [GeneratedRegex("""(?<![\w"])\$(?<n>\d+)\s*(?<op>=|<>|!=|<=|>=|<|>)\s*""" + ColumnRef + """(?!\s*\()""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParameterFirst();

    [GeneratedRegex(ColumnRef + """\s+(?:NOT\s+)?BETWEEN\s+\$(?<a>\d+)\s+AND\s+\$(?<b>\d+)\b""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Between();

    [GeneratedRegex(ColumnRef + """\s+(?:NOT\s+)?IN\s*\((?<list>\s*\$\d+(?:\s*,\s*\$\d+)*\s*)\)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InList();

    [GeneratedRegex("""\$(?<n>\d+)""", RegexOptions.CultureInvariant)]
    private static partial Regex Parameter();

    [GeneratedRegex("""\b(?<kind>LIMIT|OFFSET|FETCH\s+(?:FIRST|NEXT))\s+\$(?<n>\d+)\b""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Limits();
}

using System.Text.RegularExpressions;
using QueryDoctor.Sql;

namespace QueryDoctor.Inspection.Sqlite;

/// <summary>
/// Turns <c>EXPLAIN QUERY PLAN</c> detail lines into a <see cref="QueryPlan"/>:
/// <c>SCAN t</c>, <c>SCAN t USING [COVERING] INDEX ix</c>, <c>SEARCH t USING [COVERING] INDEX ix (a=?)</c>,
/// <c>SEARCH t USING INTEGER PRIMARY KEY (rowid=?)</c>, <c>SEARCH t USING PRIMARY KEY (a=?)</c>,
/// <c>SEARCH t USING AUTOMATIC COVERING INDEX (a=?)</c>, <c>USE TEMP B-TREE FOR ORDER BY</c>.
/// Older SQLite versions print <c>SCAN TABLE t</c> / <c>SEARCH TABLE t</c>; both forms are read.
/// </summary>
internal static partial class SqlitePlanParser
{
    public static QueryPlan Parse(IReadOnlyList<string> details, string? sql)
    {
        var aliases = sql is null ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : SqlShapeParser.TableAliases(sql);
        var accesses = new List<TableAccess>();
        var tempSort = false;
        foreach (var raw in details)
        {
            var detail = raw.Trim();
            if (detail.StartsWith("USE TEMP B-TREE FOR", StringComparison.OrdinalIgnoreCase))
            {
                tempSort = true;
                continue;
            }

            var match = AccessLine().Match(detail);
            if (!match.Success)
            {
                continue;
            }

            var name = match.Groups["name"].Value;
            if (name.StartsWith('(') || name.Equals("CONSTANT", StringComparison.OrdinalIgnoreCase))
            {
                continue; // subquery results and constant rows are not tables
            }

            var isSearch = match.Groups["op"].Value.Equals("SEARCH", StringComparison.OrdinalIgnoreCase);
            var usingText = match.Groups["using"].Value;
            var automatic = usingText.Contains("AUTOMATIC", StringComparison.OrdinalIgnoreCase);
            var covering = usingText.Contains("COVERING", StringComparison.OrdinalIgnoreCase);
            var primaryKey = usingText.Contains("PRIMARY KEY", StringComparison.OrdinalIgnoreCase);
            var index = match.Groups["index"].Success && !automatic ? match.Groups["index"].Value : null;

            // An automatic index is built by scanning the whole table first: it is a scan in cost.
            var kind = !isSearch || automatic
                ? TableAccessKind.Scan
                : covering && !primaryKey ? TableAccessKind.CoveringIndexSearch : TableAccessKind.IndexSearch;
            var table = aliases.TryGetValue(name, out var real) ? real : name;
            accesses.Add(new TableAccess
            {
                Table = table,
                Alias = string.Equals(table, name, StringComparison.OrdinalIgnoreCase) ? null : name,
                Kind = kind,
                IndexName = index,
                IsFiltered = isSearch ? true : null,
                Detail = detail,
            });
        }

        return new QueryPlan
        {
            Provider = DatabaseProvider.Sqlite,
            Accesses = accesses,
            HasTempSort = tempSort,
            Text = string.Join('\n', details),
        };
    }

    [GeneratedRegex(
        @"^(?<op>SCAN|SEARCH)\s+(?:TABLE\s+)?(?<name>\(.*?\)|\S+)(?:\s+AS\s+\S+)?(?<using>\s+USING\s+(?:AUTOMATIC\s+)?(?:(?:COVERING\s+)?INDEX(?:\s+(?<index>[^\s(]+))?|INTEGER\s+PRIMARY\s+KEY|PRIMARY\s+KEY))?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccessLine();
}

using System.Text.Json;

namespace QueryDoctor.Inspection.Postgres;

/// <summary>
/// Turns <c>EXPLAIN (FORMAT JSON)</c> output into a <see cref="QueryPlan"/>: <c>Seq Scan</c> is a scan,
/// <c>Index Scan</c> and <c>Bitmap Heap Scan</c> (with its <c>Bitmap Index Scan</c> children) an index search,
/// <c>Index Only Scan</c> a covering index search; <c>Sort</c> and <c>Incremental Sort</c> a temporary sort.
/// </summary>
internal static class PostgresPlanParser
{
    public static QueryPlan Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var accesses = new List<TableAccess>();
        var sort = false;
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in root.EnumerateArray())
            {
                if (entry.TryGetProperty("Plan", out var plan))
                {
                    Walk(plan, accesses, ref sort);
                }
            }
        }

        return new QueryPlan { Provider = DatabaseProvider.PostgreSql, Accesses = accesses, HasTempSort = sort, Text = json };
    }

    private static void Walk(JsonElement node, List<TableAccess> accesses, ref bool sort)
    {
        var type = String(node, "Node Type") ?? "";
        switch (type)
        {
            case "Sort" or "Incremental Sort":
                sort = true;
                break;
            case "Seq Scan" or "Parallel Seq Scan":
                accesses.Add(Access(node, TableAccessKind.Scan, null, node.TryGetProperty("Filter", out _)));
                break;
            case "Index Scan":
                accesses.Add(Access(node, TableAccessKind.IndexSearch, String(node, "Index Name"), true));
                break;
            case "Index Only Scan":
                accesses.Add(Access(node, TableAccessKind.CoveringIndexSearch, String(node, "Index Name"), true));
                break;
            case "Bitmap Heap Scan":
                accesses.Add(Access(node, TableAccessKind.IndexSearch, FirstBitmapIndex(node), true));
                return; // the Bitmap Index Scan children are part of this access
        }

        if (node.TryGetProperty("Plans", out var children) && children.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in children.EnumerateArray())
            {
                Walk(child, accesses, ref sort);
            }
        }
    }

    private static TableAccess Access(JsonElement node, TableAccessKind kind, string? index, bool filtered)
    {
        var relation = String(node, "Relation Name") ?? String(node, "Alias") ?? "?";
        var schema = String(node, "Schema");
        var table = schema is null or "public" ? relation : schema + "." + relation;
        var alias = String(node, "Alias");
        var type = String(node, "Node Type");
        var condition = String(node, "Index Cond") ?? String(node, "Recheck Cond") ?? String(node, "Filter");
        return new TableAccess
        {
            Table = table,
            Alias = alias is null || string.Equals(alias, relation, StringComparison.Ordinal) ? null : alias,
            Kind = kind,
            IndexName = index,
            IsFiltered = filtered,
            Detail = $"{type} on {table}{(index is null ? "" : " using " + index)}{(condition is null ? "" : " " + condition)}",
        };
    }

    private static string? FirstBitmapIndex(JsonElement node)
    {
        if (String(node, "Node Type") == "Bitmap Index Scan")
        {
            return String(node, "Index Name");
        }

        if (node.TryGetProperty("Plans", out var children) && children.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in children.EnumerateArray())
            {
                if (FirstBitmapIndex(child) is { } name)
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static string? String(JsonElement node, string property) =>
        node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

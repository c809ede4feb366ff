using System.Globalization;
using System.Text;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// Writes a realistic event log of web requests with scope instances: each request carries a <c>scopeId</c> on its
/// lines and ends with its scope line (requests end in order). A request is a list query, a per-item lookup loop
/// (an N+1 in half of them), a settings lookup repeated (a duplicate), a batched write and a count.
/// </summary>
public static class InstanceLog
{
    private static readonly string[] Routes =
    [
        "GET /articles/{slug}", "GET /articles", "GET /profiles/{username}", "POST /articles/{slug}/comments",
        "GET /tags", "PUT /user", "GET /user", "DELETE /articles/{slug}/favorite",
    ];

    /// <summary>Writes the log (once per size; an existing file is reused).</summary>
    /// <param name="path">Where.</param>
    /// <param name="events">Statements in all.</param>
    /// <param name="requests">Requests (instances); events are spread evenly over them.</param>
    public static void Write(string path, int events, int requests)
    {
        if (File.Exists(path))
        {
            return;
        }

        var perRequest = Math.Max(6, events / requests);
        var temp = path + ".tmp";
        var random = new Random(42);
        using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false), 1 << 20))
        {
            var start = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
            for (var r = 0; r < requests; r++)
            {
                var route = Routes[r % Routes.Length];
                var id = ((ulong)random.NextInt64()).ToString("x16", CultureInfo.InvariantCulture) + ((ulong)r).ToString("x16", CultureInfo.InvariantCulture);
                var loop = r % 2 == 0;
                for (var step = 0; step < perRequest; step++)
                {
                    var at = start.AddMilliseconds(r * 10 + step * 0.2).ToString("O", CultureInfo.InvariantCulture);
                    var line = step switch
                    {
                        0 => Query(route, id, "SELECT \\\"a\\\".\\\"Id\\\", \\\"a\\\".\\\"Slug\\\", \\\"a\\\".\\\"Title\\\" FROM \\\"Articles\\\" AS \\\"a\\\" ORDER BY \\\"a\\\".\\\"CreatedAt\\\" DESC LIMIT @__p_0", random.Next(50), 2.1, 20, "Articles/List.cs:31", at, null),
                        1 or 2 => Query(route, id, "SELECT \\\"s\\\".\\\"Key\\\", \\\"s\\\".\\\"Value\\\" FROM \\\"Settings\\\" AS \\\"s\\\" WHERE \\\"s\\\".\\\"Key\\\" = @__key_0", 7, 0.2, 1, step == 1 ? "Web/Format.cs:8" : "Web/Layout.cs:40", at, null),
                        _ when step == perRequest - 1 => Query(route, id, "SELECT COUNT(*) FROM \\\"Favorites\\\" AS \\\"f\\\" WHERE \\\"f\\\".\\\"ArticleId\\\" = @__id_0", random.Next(100_000), 0.6, 1, "Articles/Favorites.cs:12", at, null),
                        _ when step >= perRequest - 4 => Query(route, id, "INSERT INTO \\\"ArticleTags\\\" (\\\"ArticleId\\\", \\\"TagId\\\") VALUES (@p0, @p1)", random.Next(100_000), 0.3, 1, "Articles/Save.cs:55", at, "save-" + r.ToString(CultureInfo.InvariantCulture)),
                        _ => loop
                            ? Query(route, id, "SELECT \\\"p\\\".\\\"Id\\\", \\\"p\\\".\\\"Username\\\" FROM \\\"Persons\\\" AS \\\"p\\\" WHERE \\\"p\\\".\\\"Id\\\" = @__authorId_0", random.Next(100_000), 0.4, 1, "Articles/List.cs:44", at, null)
                            : Query(route, id, "SELECT \\\"t\\\".\\\"Name\\\" FROM \\\"Tags\\\" AS \\\"t\\\" WHERE \\\"t\\\".\\\"ArticleId\\\" IN (@p0, @p1, @p2)", random.Next(100_000), 0.5, 3, "Articles/Tags.cs:" + (step % 5 + 20).ToString(CultureInfo.InvariantCulture), at, null),
                    };
                    writer.Write(line);
                    writer.Write('\n');
                }

                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"type\":\"scope\",\"scope\":\"{route}\",\"scopeId\":\"{id}\",\"durationMs\":{(12.5 + r % 17).ToString(CultureInfo.InvariantCulture)},\"status\":200}}\n"));
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    private static string Query(string route, string id, string sql, int value, double ms, int rows, string callSite, string at, string? batch) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"scope\":\"{route}\",\"scopeId\":\"{id}\",\"sql\":\"{sql}\",\"parameters\":{{\"p0\":{value},\"p1\":{value % 7}}},\"durationMs\":{ms},\"rows\":{rows},\"callSite\":\"{callSite}\",\"startedAt\":\"{at}\",\"db\":\"postgresql\"{(batch is null ? "" : ",\"batch\":\"" + batch + "\"")}}}");
}

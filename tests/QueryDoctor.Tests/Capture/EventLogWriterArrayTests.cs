using System.Text.Json;
using QueryDoctor.Capture;
using QueryDoctor.EventLog;
using Shouldly;

namespace QueryDoctor.Tests.Capture;

/// <summary>Array parameters (PostgreSQL's <c>= ANY (@ids)</c>) are written as JSON arrays, not as the CLR type's name.</summary>
public sealed class EventLogWriterArrayTests
{
    [Fact]
    public void WriteQuery_ArrayParameter_WritesAJsonArray()
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-writer-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            using (var writer = EventLogWriter.Open(path))
            {
                writer.WriteQuery("GET /posts", null, new QueryEvent
                {
                    Sql = "SELECT * FROM posts WHERE id = ANY (@ids) AND blog_id = @blog",
                    Parameters = [new QueryParameter("@ids", new[] { 1, 2, 3 }), new QueryParameter("@blog", 7), new QueryParameter("@tags", new List<string> { "a", "b" })],
                });
            }

            using var document = JsonDocument.Parse(File.ReadAllLines(path).First(l => l.Contains("\"sql\"", StringComparison.Ordinal)));
            var parameters = document.RootElement.GetProperty("parameters");
            parameters.GetProperty("@ids").ValueKind.ShouldBe(JsonValueKind.Array);
            parameters.GetProperty("@ids").EnumerateArray().Select(e => e.GetInt32()).ShouldBe([1, 2, 3]);
            parameters.GetProperty("@blog").GetInt32().ShouldBe(7);
            parameters.GetProperty("@tags").EnumerateArray().Select(e => e.GetString()).ShouldBe(["a", "b"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

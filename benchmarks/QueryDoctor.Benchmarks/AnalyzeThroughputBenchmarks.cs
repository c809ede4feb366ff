using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// <c>querydoctor analyze</c> end to end on a generated event log: read, fingerprint, aggregate per
/// scope, run every scope rule. Scopes look like web requests: a list query, a per-item lookup
/// loop (an N+1), a few writes, distinct parameter values throughout.
/// </summary>
[MemoryDiagnoser]
public class AnalyzeThroughputBenchmarks
{
    private string _path = "";

    [Params(100_000, 1_000_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void WriteLog()
    {
        _path = Path.Combine(Path.GetTempPath(), $"querydoctor-bench-{Events}.jsonl");
        if (File.Exists(_path))
        {
            return;
        }

        var temp = _path + ".tmp";
        using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false), 1 << 20))
        {
            var random = new Random(42);
            for (var i = 0; i < Events; i++)
            {
                var scope = i / 50;
                var step = i % 50;
                var line = step switch
                {
                    0 => Line(scope, "SELECT \\\"c\\\".\\\"Id\\\", \\\"c\\\".\\\"Name\\\" FROM \\\"Calendars\\\" AS \\\"c\\\" WHERE \\\"c\\\".\\\"OwnerId\\\" = @__owner_0", random.Next(1000), 3.1, 20, "CalendarService.cs:18"),
                    < 40 => Line(scope, "SELECT \\\"m\\\".\\\"UserId\\\", \\\"m\\\".\\\"Role\\\" FROM \\\"CalendarMembers\\\" AS \\\"m\\\" WHERE \\\"m\\\".\\\"CalendarId\\\" = @__id_0", random.Next(100_000), 0.4, 5, "CalendarService.cs:42"),
                    < 48 => Line(scope, "INSERT INTO votes (user_id, list_item_id) VALUES (@p0, @p1)", random.Next(100_000), 0.2, 1, "VoteService.cs:" + (step % 3 + 10).ToString(CultureInfo.InvariantCulture)),
                    _ => Line(scope, "SELECT COUNT(*) FROM votes WHERE list_item_id = $1", random.Next(100_000), 1.2, 1, "VoteService.cs:30"),
                };
                writer.Write(line);
                writer.Write('\n');
            }
        }

        File.Move(temp, _path, overwrite: true);
    }

    [Benchmark]
    public int Analyze() => EventLogAnalysis.Run([_path]).Findings.Count;

    private static string Line(int scope, string sql, int value, double ms, int rows, string callSite) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"scope\":\"GET /calendars/{scope}\",\"sql\":\"{sql}\",\"parameters\":{{\"p0\":{value},\"p1\":{value % 7}}},\"durationMs\":{ms},\"rows\":{rows},\"callSite\":\"{callSite}\",\"db\":\"sqlite\"}}");
}

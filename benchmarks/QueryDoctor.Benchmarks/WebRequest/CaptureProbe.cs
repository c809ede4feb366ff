using System.Globalization;
using QueryDoctor.Capture;

namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>
/// QueryDoctor's own allocations for the web request's shape without a database: a scope, five different statements
/// through <see cref="QueryCapture.BeginCommand(string, IReadOnlyList{QueryParameter}?, string?, CallSite?)"/>, the
/// scope judged. <c>capture-probe 200000</c> prints bytes per request (this thread) and, with
/// <c>QD_PROBE_ALLOCATIONS=1</c>, the sampled allocations by type (all of them QueryDoctor's here).
/// </summary>
public static class CaptureProbe
{
    private static readonly string[] Statements =
    [
        "SELECT i.\"Id\", i.\"GroupId\", i.\"Name\", i.\"Price\" FROM \"Items\" AS i WHERE i.\"Id\" = @p LIMIT 1",
        "SELECT i.\"Id\", i.\"GroupId\", i.\"Name\", i.\"Price\" FROM \"Items\" AS i WHERE i.\"GroupId\" = @g ORDER BY i.\"Id\" LIMIT @t",
        "SELECT COUNT(*) FROM \"Items\" AS i WHERE i.\"GroupId\" = @g",
        "SELECT g.\"Id\", g.\"Title\" FROM \"Groups\" AS g WHERE g.\"Id\" = @g LIMIT 1",
        "SELECT i.\"Name\" FROM \"Items\" AS i WHERE i.\"GroupId\" = @g AND i.\"Price\" > 50 ORDER BY i.\"Name\" LIMIT @t",
    ];

    public static int Run(string count)
    {
        var requests = int.Parse(count, CultureInfo.InvariantCulture);
        using var capture = new QueryCapture();
        using var sampler = Environment.GetEnvironmentVariable("QD_PROBE_ALLOCATIONS") == "1" ? new AllocationSampler() : null;
        for (var i = 0; i < 3000; i++)
        {
            Request(capture, i);
        }

        sampler?.Enabled = true;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < requests; i++)
        {
            Request(capture, i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        sampler?.Enabled = false;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"capture only: {(double)allocated / requests:F0} bytes allocated per request (this thread)"));
        foreach (var (type, sampled) in sampler?.Top(30) ?? [])
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(double)sampled / requests,8:F0} B/request  {type}"));
        }

        return 0;
    }

    private static void Request(QueryCapture capture, int n)
    {
        using var scope = QueryDoctorScope.Begin("GET /groups/{id}/items");
        foreach (var sql in Statements)
        {
            var command = capture.BeginCommand(sql, [new QueryParameter("@g", n % 20)]);
            command?.MarkSent();
            command?.Executed();
            command?.Finish(rows: 1);
        }
    }
}

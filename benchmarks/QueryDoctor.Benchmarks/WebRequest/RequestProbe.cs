using System.Diagnostics;
using System.Globalization;

namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>
/// A quick, single-process measure of one variant (for profiling with <c>dotnet-trace</c> and for iterating):
/// <c>dotnet run -c Release --project benchmarks/QueryDoctor.Benchmarks -- request-probe SqliteFile QueryDoctor 20000</c>
/// warms up, then prints CPU time and bytes allocated per request. Not the benchmark: the table comes from
/// <see cref="WebRequestCostBenchmarks"/>.
/// </summary>
public static class RequestProbe
{
    private static readonly AsyncLocal<object?> Marker = new();

    public static async Task<int> RunAsync(string database, string variant, string count)
    {
        if (!Enum.TryParse<RequestDatabase>(database, out var db) || !Enum.TryParse<RequestVariant>(variant, out var v)
            || !int.TryParse(count, CultureInfo.InvariantCulture, out var requests) || requests <= 0)
        {
            await Console.Error.WriteLineAsync("usage: request-probe <" + string.Join('|', Enum.GetNames<RequestDatabase>()) + "> <" + string.Join('|', Enum.GetNames<RequestVariant>()) + "> <requests>");
            return 2;
        }

        if (Environment.GetEnvironmentVariable("QD_PROBE_ASYNCLOCAL") == "1")
        {
            // What one more AsyncLocal value in the flow costs the request (QueryDoctor's scope is one).
            Marker.Value = new object();
        }

        using var sampler = Environment.GetEnvironmentVariable("QD_PROBE_ALLOCATIONS") == "1" ? new AllocationSampler() : null;
        using var workload = await WebRequestWorkload.CreateAsync(db, v);
        var walks = new List<long>();
        for (var i = 0; i < Math.Min(requests, 2000); i++)
        {
            await workload.RequestAsync();
            if (Environment.GetEnvironmentVariable("QD_PROBE_WALKS") == "1" && (i + 1) % 100 == 0)
            {
                walks.Add(workload.Capture?.StackWalks ?? 0);
            }
        }

        if (walks.Count > 0)
        {
            // Stack walks taken by each hundred warm-up requests.
            Console.WriteLine("walks per 100 warm-up requests: " + string.Join(' ', walks.Select((w, i) => w - (i == 0 ? 0 : walks[i - 1]))));
        }

        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        sampler?.Enabled = true;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            await workload.RequestAsync();
        }

        wall.Stop();
        sampler?.Enabled = false;
        process.Refresh();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        var cpuUs = (process.TotalProcessorTime - cpu).TotalMicroseconds / requests;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{db} {v}: {wall.Elapsed.TotalMicroseconds / requests:F1} us wall, {cpuUs:F1} us CPU, {allocated / 1024.0 / requests:F2} KB allocated per request; spans exported {workload.Exporter?.Exported ?? 0}"));
        foreach (var (type, sampled) in sampler?.Top(int.TryParse(Environment.GetEnvironmentVariable("QD_PROBE_TOP"), out var top) ? top : 25) ?? [])
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {sampled / 1024.0 / requests,8:F2} KB/request  {type}"));
        }

        return 0;
    }
}

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
        var countWalks = Environment.GetEnvironmentVariable("QD_PROBE_WALKS") == "1";
        var walks = new List<long>();
        for (var i = 0; i < Math.Min(requests, 2000); i++)
        {
            await workload.RequestAsync();
            if (countWalks && (i + 1) % 100 == 0)
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
        var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var paused = GC.GetTotalPauseDuration();
        var walksBefore = workload.Capture?.StackWalks ?? 0;
        sampler?.Enabled = true;
        var wall = Stopwatch.StartNew();
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("QD_PROBE_ROUNDS"), out var r) && r > 1 ? Math.Min(r, requests) : 1;
        var perRound = requests / rounds;
        // What is measured, and what the per-request figures divide by: whole rounds.
        requests = perRound * rounds;
        var roundCpu = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var before = process.TotalProcessorTime;
            for (var i = 0; i < perRound; i++)
            {
                await workload.RequestAsync();
            }

            process.Refresh();
            roundCpu.Add((process.TotalProcessorTime - before).TotalMicroseconds / perRound);
        }

        wall.Stop();
        if (rounds > 1)
        {
            roundCpu.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU per request by round: min {roundCpu[0]:F1}, median {roundCpu[rounds / 2]:F1} us"));
        }

        sampler?.Enabled = false;
        process.Refresh();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        var cpuUs = (process.TotalProcessorTime - cpu).TotalMicroseconds / requests;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{db} {v}: {wall.Elapsed.TotalMicroseconds / requests:F1} us wall, {cpuUs:F1} us CPU, {allocated / 1024.0 / requests:F2} KB allocated per request; spans exported {workload.Exporter?.Exported ?? 0}"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  collections gen0 {GC.CollectionCount(0) - gcs.Item1}, gen1 {GC.CollectionCount(1) - gcs.Item2}, gen2 {GC.CollectionCount(2) - gcs.Item3}; paused {(GC.GetTotalPauseDuration() - paused).TotalMicroseconds / requests:F1} us per request; stack walks {(workload.Capture?.StackWalks ?? 0) - walksBefore}"));
        if (workload.Capture is { } capture)
        {
            // The workload is meant to be clean: a finding here means the probe measures reporting, not capture.
            var findings = capture.RecentFindings.GroupBy(f => f.Rule).Select(g => g.Key + " " + g.Count().ToString(CultureInfo.InvariantCulture));
            Console.WriteLine("  findings in the recent scopes: " + (string.Join(", ", findings) is { Length: > 0 } text ? text : "none"));
        }

        if (Environment.GetEnvironmentVariable("QD_PROBE_LIVE") == "1")
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  live after a full collection: {GC.GetTotalMemory(forceFullCollection: true) / 1024.0:F1} KB"));
        }

        foreach (var (type, sampled) in sampler?.Top(int.TryParse(Environment.GetEnvironmentVariable("QD_PROBE_TOP"), out var top) ? top : 25) ?? [])
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {sampled / 1024.0 / requests,8:F2} KB/request  {type}"));
        }

        return 0;
    }
}

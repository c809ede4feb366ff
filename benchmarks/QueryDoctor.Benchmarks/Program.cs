using BenchmarkDotNet.Running;

namespace QueryDoctor.Benchmarks;

/// <summary>Runs the suites: <c>dotnet run -c Release --project benchmarks/QueryDoctor.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["advisor-vs-expert"])
        {
            return Advisor.ExpertComparison.Run();
        }

        // One floor pass (a plain Utf8JsonReader over every property), to time it as a process beside `querydoctor analyze`.
        if (args is ["floor", var file])
        {
            System.Console.WriteLine(InstanceAnalyzeBenchmarks.Floor(file));
            return 0;
        }

        // One in-process analysis, reporting what it allocated and how many collections it caused: deterministic where
        // CPU time on a loaded machine is not.
        if (args is ["analyze-alloc", var log])
        {
            var before = System.GC.GetTotalAllocatedBytes(precise: true);
            var findings = QueryDoctor.Analysis.EventLogAnalysis.Run([log]).Findings.Count;
            var allocated = System.GC.GetTotalAllocatedBytes(precise: true) - before;
            System.Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"findings {findings}, allocated {allocated / 1e6:F1} MB, gen0 {System.GC.CollectionCount(0)}, gen1 {System.GC.CollectionCount(1)}, gen2 {System.GC.CollectionCount(2)}"));
            return 0;
        }

        // Repeated in-process analyses (steady state, as BenchmarkDotNet measures it), to profile with perf.
        if (args is ["analyze-loop", var loopLog, var times])
        {
            var total = 0;
            for (var i = 0; i < int.Parse(times, System.Globalization.CultureInfo.InvariantCulture); i++)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                total += QueryDoctor.Analysis.EventLogAnalysis.Run([loopLog]).Findings.Count;
                var floorStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                var touched = InstanceAnalyzeBenchmarks.Floor(loopLog);
                var ended = System.Diagnostics.Stopwatch.GetTimestamp();
                System.Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"analyze {System.Diagnostics.Stopwatch.GetElapsedTime(started, floorStarted).TotalMilliseconds:F0} ms, floor {System.Diagnostics.Stopwatch.GetElapsedTime(floorStarted, ended).TotalMilliseconds:F0} ms ({touched})"));
            }

            return total > 0 ? 0 : 1;
        }

        if (args is ["alloc-types", var typesLog])
        {
            using var listener = new AllocListener();
            QueryDoctor.Analysis.EventLogAnalysis.Run([typesLog]);
            QueryDoctor.Analysis.EventLogAnalysis.Run([typesLog]);
            listener.Dispose();
            foreach (var (type, bytes) in listener.Bytes.OrderByDescending(p => p.Value).Take(30))
            {
                System.Console.WriteLine($"{bytes / 2e6,8:F1} MB  {type}");
            }

            return 0;
        }

        // Writes the scope-instance log used for the peak-memory measurement of a real `querydoctor analyze` process.
        if (args is ["instance-log", var path, var events, var requests])
        {
            InstanceLog.Write(path, int.Parse(events, System.Globalization.CultureInfo.InvariantCulture), int.Parse(requests, System.Globalization.CultureInfo.InvariantCulture));
            return 0;
        }

        if (args is ["capture-probe", var captureRequests])
        {
            return WebRequest.CaptureProbe.Run(captureRequests);
        }

        if (args is ["request-probe", var database, var variant, var count])
        {
            return WebRequest.RequestProbe.RunAsync(database, variant, count).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}

internal sealed class AllocListener : System.Diagnostics.Tracing.EventListener
{
    public System.Collections.Concurrent.ConcurrentDictionary<string, long> Bytes { get; } = new();

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is { } name && name.StartsWith("GCAllocationTick", StringComparison.Ordinal) && eventData.Payload is { } payload)
        {
            var type = (string?)payload[eventData.PayloadNames!.IndexOf("TypeName")] ?? "?";
            var amount = Convert.ToInt64(payload[eventData.PayloadNames!.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            Bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
        }
    }
}

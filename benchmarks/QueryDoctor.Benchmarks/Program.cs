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

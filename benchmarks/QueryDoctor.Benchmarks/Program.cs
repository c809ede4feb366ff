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

        if (args is ["request-probe", var database, var variant, var count])
        {
            return WebRequest.RequestProbe.RunAsync(database, variant, count).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}

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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}

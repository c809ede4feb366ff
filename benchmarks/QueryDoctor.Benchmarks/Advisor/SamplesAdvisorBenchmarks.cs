using BenchmarkDotNet.Attributes;
using QueryDoctor.Advisor;
using QueryDoctor.Inspection;
using QueryDoctor.Samples.Demo;
using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Benchmarks.Advisor;

/// <summary>
/// Issue 6's acceptance on the reference systems themselves: TimeLedger, DateTree and Studio seeded at scale 10,
/// stripped of the indexes their teams added for speed, then their naive read scenarios run with no such
/// index, with the teams' indexes put back, and with the indexes the advisor recommends from the captured
/// naive workload (no more than the team used). The destructive cleanup scenario is captured for the advice
/// but not timed.
/// </summary>
public class SamplesAdvisorBenchmarks
{
    private const int Scale = 10;

    private readonly List<SampleDatabase> _databases = [];
    private readonly List<Action> _reads = [];
    private string _folder = "";

    [Params("none", "hand", "advisor")]
    public string Indexes { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "querydoctor-bench-samples-" + Indexes);
        Directory.CreateDirectory(_folder);
        IDemoSystem[] systems = [new TimeLedgerDemo(), new DateTreeDemo(), new StudioDemo(_folder)];
        foreach (var system in systems)
        {
            var database = SampleDatabase.Open(system.Name, _folder, postgresConnectionString: null);
            _databases.Add(database);
            system.Seed(database, Scale);
            var hand = database.SpeedIndexes();
            foreach (var (name, _) in hand)
            {
                database.Execute($"DROP INDEX \"{name}\"");
            }

            var scenarios = system.Scenarios(database, Scale).ToList();
            IReadOnlyList<string> chosen = Indexes switch
            {
                "hand" => [.. hand.Select(h => h.Sql)],
                "advisor" => Advise(database, scenarios, hand.Count),
                _ => [],
            };
            foreach (var ddl in chosen)
            {
                database.Execute(ddl);
            }

            database.Analyze();
            Console.WriteLine($"// {Indexes} {system.Name}: {chosen.Count} index(es): {string.Join("; ", chosen)}");
            _reads.AddRange(scenarios.Where(s => s.Prepare is null).Select(s => s.Naive));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public void NaiveReads()
    {
        foreach (var read in _reads)
        {
            read();
        }
    }

    private static IReadOnlyList<string> Advise(SampleDatabase database, List<DemoScenario> scenarios, int budget)
    {
        using var connection = database.OpenConnection();
        var advice = new IndexAdvisor(connection, DatabaseProvider.Sqlite, new IndexAdvisorOptions { MaxIndexes = Math.Max(1, budget) })
            .AdviseAsync(WorkloadStatement.FromScopes(NaiveWorkload.Capture(scenarios))).GetAwaiter().GetResult();
        return [.. advice.Recommendations.Select(r => r.Ddl)];
    }
}

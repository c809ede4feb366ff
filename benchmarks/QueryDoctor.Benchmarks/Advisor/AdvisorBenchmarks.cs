using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using QueryDoctor.Advisor;
using QueryDoctor.Inspection;

namespace QueryDoctor.Benchmarks.Advisor;

/// <summary>
/// The reference workload on the same data three ways: no indexes, the indexes the teams chose by hand,
/// and the indexes QueryDoctor's advisor recommends from the naive workload alone.
/// </summary>
[MemoryDiagnoser]
public class AdvisorBenchmarks
{
    private static readonly string BasePath = Path.Combine(Path.GetTempPath(), "querydoctor-bench-advisor-base.db");

    private SqliteConnection? _connection;
    private string? _path;

    [Params("none", "hand", "advisor")]
    public string Indexes { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        if (!File.Exists(BasePath))
        {
            ReferenceWorkload.Create(BasePath);
        }

        _path = Path.Combine(Path.GetTempPath(), $"querydoctor-bench-advisor-{Indexes}.db");
        File.Copy(BasePath, _path, overwrite: true);
        using (var connection = ReferenceWorkload.Open(_path))
        {
            foreach (var ddl in IndexesFor(Indexes, connection))
            {
                ReferenceWorkload.Execute(connection, ddl);
            }

            ReferenceWorkload.Execute(connection, "ANALYZE");
        }

        _connection = ReferenceWorkload.Open(_path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection?.Dispose();
        if (_path is not null)
        {
            File.Delete(_path);
        }
    }

    [Benchmark]
    public long Workload() => ReferenceWorkload.Run(_connection!);

    internal static IReadOnlyList<string> IndexesFor(string variant, SqliteConnection connection) => variant switch
    {
        "hand" => ReferenceWorkload.HandIndexes,
        "advisor" => [.. new IndexAdvisor(connection, DatabaseProvider.Sqlite, new IndexAdvisorOptions { MaxIndexes = ReferenceWorkload.HandIndexes.Length })
            .AdviseAsync(ReferenceWorkload.AsWorkload()).GetAwaiter().GetResult()
            .Recommendations.Select(r => r.Ddl)],
        _ => [],
    };
}

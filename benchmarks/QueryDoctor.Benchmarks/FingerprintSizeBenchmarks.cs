using BenchmarkDotNet.Attributes;
using QueryDoctor.Sql;
using QueryDoctor.Tests.Sql;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// Fingerprint time by input size for each input class (first sight: nothing cached). Linear growth means
/// about ten times the time for ten times the text.
/// </summary>
[MemoryDiagnoser]
public class FingerprintSizeBenchmarks
{
    private readonly SqlFingerprinter _uncached = new(capacity: 0);
    private string _sql = "";

    [ParamsSource(nameof(Classes))]
    public string InputClass { get; set; } = "";

    [Params(1_000, 10_000, 100_000, 1_000_000)]
    public int Chars { get; set; }

    public static IEnumerable<string> Classes() => SqlInputClasses.Names;

    [GlobalSetup]
    public void Build() => _sql = SqlInputClasses.Build(InputClass, Chars);

    [Benchmark]
    public ulong Fingerprint() => _uncached.Analyze(_sql).Fingerprint.Hash;
}

using BenchmarkDotNet.Attributes;
using QueryDoctor.Sql;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// Fingerprinting one statement: the regex baseline vs our lexer on first sight (nothing cached)
/// vs our lexer on a repeat (the hot path of live capture: the same text again).
/// </summary>
[MemoryDiagnoser]
public class FingerprintBenchmarks
{
    private readonly string[] _statements = [.. SqlCorpus.Statements.Select(s => new string(s.AsSpan()))];
    private readonly SqlFingerprinter _uncached = new(capacity: 0);
    private readonly SqlFingerprinter _cached = new();

    [GlobalSetup]
    public void Warm()
    {
        if (_statements.Length != 12)
        {
            throw new InvalidOperationException("OperationsPerInvoke assumes 12 statements in the corpus.");
        }

        foreach (var sql in _statements)
        {
            _cached.Analyze(sql);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 12)]
    public ulong RegexNormaliser()
    {
        ulong acc = 0;
        foreach (var sql in _statements)
        {
            acc ^= Benchmarks.RegexNormaliser.Fingerprint(sql);
        }

        return acc;
    }

    [Benchmark(OperationsPerInvoke = 12)]
    public int LexerFirstSight()
    {
        var acc = 0;
        foreach (var sql in _statements)
        {
            acc ^= _uncached.Analyze(sql).Fingerprint.GetHashCode();
        }

        return acc;
    }

    [Benchmark(OperationsPerInvoke = 12)]
    public int LexerCached()
    {
        var acc = 0;
        foreach (var sql in _statements)
        {
            acc ^= _cached.Analyze(sql).Fingerprint.GetHashCode();
        }

        return acc;
    }
}

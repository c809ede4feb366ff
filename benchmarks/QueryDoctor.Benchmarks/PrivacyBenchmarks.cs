using BenchmarkDotNet.Attributes;
using QueryDoctor.EventLog;
using QueryDoctor.Sql;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// What private values cost the live capture, per statement of the corpus: replacing the literals by placeholders
/// on first sight of a text (against fingerprinting it on first sight), on a repeat (the cached text: the hot
/// path), and the keyed <c>valuesHash</c> written with every event-log line.
/// </summary>
[MemoryDiagnoser]
public class PrivacyBenchmarks
{
    private readonly string[] _statements = [.. SqlCorpus.Statements.Select(s => new string(s.AsSpan()))];
    private readonly SqlFingerprinter _uncached = new(capacity: 0);
    private SqlStatement[] _cached = [];

    [GlobalSetup]
    public void Warm()
    {
        if (_statements.Length != 12)
        {
            throw new InvalidOperationException("OperationsPerInvoke assumes 12 statements in the corpus.");
        }

        var fingerprinter = new SqlFingerprinter();
        _cached = [.. _statements.Select(fingerprinter.Analyze)];
        for (var i = 0; i < _statements.Length; i++)
        {
            _cached[i].MaskedText(_statements[i], dollarPlaceholders: false);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 12)]
    public int FingerprintFirstSight()
    {
        var acc = 0;
        foreach (var sql in _statements)
        {
            acc ^= _uncached.Analyze(sql).Fingerprint.GetHashCode();
        }

        return acc;
    }

    [Benchmark(OperationsPerInvoke = 12)]
    public int MaskFirstSight()
    {
        var acc = 0;
        foreach (var sql in _statements)
        {
            acc ^= SqlLiteralMask.Apply(sql, dollarPlaceholders: false).Length;
        }

        return acc;
    }

    [Benchmark(OperationsPerInvoke = 12)]
    public int MaskCached()
    {
        var acc = 0;
        for (var i = 0; i < _statements.Length; i++)
        {
            acc ^= _cached[i].MaskedText(_statements[i], dollarPlaceholders: false).Length;
        }

        return acc;
    }

    [Benchmark(OperationsPerInvoke = 12)]
    public ulong ValuesHash()
    {
        ulong acc = 0;
        for (var i = 0; i < _cached.Length; i++)
        {
            acc ^= PrivateValuesHash.Of(_cached[i].LiteralsHash + (ulong)i);
        }

        return acc;
    }
}

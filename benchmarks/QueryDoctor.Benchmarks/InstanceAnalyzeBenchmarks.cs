using System.Text.Json;
using BenchmarkDotNet.Attributes;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// <c>analyze</c> of a log of web requests with scope instances (20 statements each, ending in order) against the
/// format's own lower bound: one <see cref="Utf8JsonReader"/> pass over the same file that touches every property
/// (reads each name and value) and does nothing else. The ratio of the two is the cost of judging.
/// </summary>
[MemoryDiagnoser]
public class InstanceAnalyzeBenchmarks
{
    private string _path = "";

    [Params(1_000_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void WriteLog()
    {
        _path = Path.Combine(Path.GetTempPath(), $"querydoctor-instances-{Events}.jsonl");
        InstanceLog.Write(_path, Events, Events / 20);
    }

    [Benchmark(Baseline = true)]
    public long ReaderFloor() => Floor(_path);

    [Benchmark]
    public int Analyze() => EventLogAnalysis.Run([_path]).Findings.Count;

    /// <summary>Reads every line with a fresh <see cref="Utf8JsonReader"/>, touching each property name and value.</summary>
    public static long Floor(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        var filled = 0;
        long touched = 0;
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var start = 0;
            while (true)
            {
                var newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                var reader = new Utf8JsonReader(buffer.AsSpan(start, newline));
                while (reader.Read())
                {
                    touched += reader.TokenType switch
                    {
                        JsonTokenType.PropertyName or JsonTokenType.String => reader.ValueSpan.Length,
                        JsonTokenType.Number => reader.TryGetDouble(out var value) ? (long)value : 0,
                        _ => 1,
                    };
                }

                start += newline + 1;
            }

            if (read == 0)
            {
                return touched;
            }

            buffer.AsSpan(start, filled - start).CopyTo(buffer);
            filled -= start;
        }
    }
}

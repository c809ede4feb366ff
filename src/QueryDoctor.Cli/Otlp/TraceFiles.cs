using System.Text;
using QueryDoctor.Detection;
using QueryDoctor.Otlp;
using QueryDoctor.Reporting;

namespace QueryDoctor.Cli.Otlp;

/// <summary>
/// OpenTelemetry trace exports given to <c>analyze</c>: recognised (protobuf by extension, OTLP/JSON by content),
/// read, assembled into traces across lines and files, and judged one scope instance per local root span.
/// </summary>
internal static class TraceFiles
{
    private const int PeekBytes = 64 * 1024;

    /// <summary>Whether the file is an OTLP trace export rather than an event log.</summary>
    public static bool IsTraceExport(string path)
    {
        if (IsProtobuf(path))
        {
            return true;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[PeekBytes];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var start = 0;
        while (start < read && buffer[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        return OtlpJsonReader.LooksLikeTraceExport(buffer.AsSpan(start, read - start), isFinalBlock: read < buffer.Length);
    }

    /// <summary>Reads every file and judges the traces; bad input ends as an <see cref="OtlpFormatException"/> naming file and line or message.</summary>
    public static AnalysisReport Analyze(IEnumerable<string> paths, DetectionOptions options, bool skipInvalid, Action<string, Exception>? detectorFailed, out long skipped)
    {
        // Files are read whole before judging: spans of one trace may sit in any line of any file.
        var assembler = new TraceAnalysis(
            options,
            new TraceAssemblerOptions { MaxOpenTraces = int.MaxValue, MaxOpenSpans = int.MaxValue, RememberedTraces = 0 },
            detectorFailed: detectorFailed);
        skipped = 0;
        foreach (var path in paths)
        {
            skipped += IsProtobuf(path)
                ? OtlpProtobufReader.ReadFile(path, assembler.Add, skipInvalid)
                : ReadJson(path, assembler, skipInvalid);
        }

        assembler.CompleteAll();
        return assembler.Report() with { SkippedLines = skipped };
    }

    private static bool IsProtobuf(string path) =>
        path.EndsWith(".pb", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".binpb", StringComparison.OrdinalIgnoreCase);

    private static long ReadJson(string path, TraceAnalysis assembler, bool skipInvalid)
    {
        var spans = new List<TraceSpan>();
        long skipped = 0;
        long lineNumber = 0;
        var first = true;
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        try
        {
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                spans.Clear();
                try
                {
                    OtlpJsonReader.Read(Encoding.UTF8.GetBytes(line), spans);
                }
                catch (OtlpFormatException exception) when (first && exception.InnerException is System.Text.Json.JsonException)
                {
                    // Not one message per line: a single (pretty-printed) message over the whole file.
                    return ReadWhole(path, assembler);
                }
                catch (OtlpFormatException exception) when (!skipInvalid)
                {
                    throw new OtlpFormatException($"{path}:{lineNumber}: {exception.Message}", exception);
                }
                catch (OtlpFormatException)
                {
                    skipped++;
                    continue;
                }
                finally
                {
                    first = false;
                }

                assembler.Add(spans);
            }
        }
        catch (DecoderFallbackException exception)
        {
            throw new OtlpFormatException($"{path}:{lineNumber + 1}: not valid UTF-8", exception);
        }

        return skipped;
    }

    private static long ReadWhole(string path, TraceAnalysis assembler)
    {
        var spans = new List<TraceSpan>();
        try
        {
            OtlpJsonReader.Read(File.ReadAllBytes(path), spans);
        }
        catch (OtlpFormatException exception)
        {
            throw new OtlpFormatException($"{path}:1: {exception.Message}", exception);
        }

        assembler.Add(spans);
        return 0;
    }
}

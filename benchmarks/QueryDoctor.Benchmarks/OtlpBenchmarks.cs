using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using QueryDoctor.Capture;
using QueryDoctor.Cli.Otlp;
using QueryDoctor.Cli.Otlp.Proto;
using QueryDoctor.Otlp;
using QueryDoctor.Recording;
using QueryDoctor.Telemetry;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// OTLP ingest as <c>serve</c> does it (decode, map, assemble traces, judge each instance) against decoding alone
/// (Google.Protobuf's parse of the same message: the floor). One message of 200 requests x 12 spans (a SERVER root,
/// an INTERNAL span, ten database spans of which an N+1 in half the requests).
/// </summary>
[MemoryDiagnoser]
public class OtlpIngestBenchmarks
{
    private const int Requests = 200;
    private byte[] _message = [];

    /// <summary>Spans in the message.</summary>
    public static int SpanCount => Requests * 12;

    [GlobalSetup]
    public void Setup()
    {
        var scopeSpans = new ScopeSpans();
        for (var r = 0; r < Requests; r++)
        {
            var trace = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
            var root = Id(r, 1);
            scopeSpans.Spans.Add(NewSpan(trace, root, ByteString.Empty, Span.Types.SpanKind.Server, "GET /authors/{id}",
                ("http.request.method", "GET"), ("http.route", "/authors/{id}")));
            var handler = Id(r, 2);
            scopeSpans.Spans.Add(NewSpan(trace, handler, root, Span.Types.SpanKind.Internal, "handler"));
            for (var q = 0; q < 10; q++)
            {
                var sql = r % 2 == 0 ? "SELECT title FROM books WHERE author_id = $1" : $"SELECT * FROM t{q} WHERE id = $1";
                scopeSpans.Spans.Add(NewSpan(trace, Id(r, 10 + q), handler, Span.Types.SpanKind.Client, "SELECT",
                    ("db.system.name", "postgresql"), ("db.query.text", sql), ("code.function.name", "Shop.Authors.Get"),
                    ("code.file.path", "/src/Shop/Authors.cs"), ("code.line.number", "27")));
            }
        }

        var request = new ExportTraceServiceRequest();
        var resource = new ResourceSpans();
        resource.ScopeSpans.Add(scopeSpans);
        request.ResourceSpans.Add(resource);
        _message = request.ToByteArray();
    }

    [Benchmark(Baseline = true, Description = "decode only (Google.Protobuf)")]
    public int DecodeOnly() => OtlpProtobufReader.Decode(_message).ResourceSpans[0].ScopeSpans[0].Spans.Count;

    [Benchmark(Description = "ingest: decode, map, assemble, judge")]
    public long Ingest()
    {
        var workload = new TraceWorkload(new Detection.DetectionOptions());
        var assembler = new TraceAssembler(new TraceAssemblerOptions(), instance => workload.Add(instance));
        var spans = new List<TraceSpan>(SpanCount);
        OtlpProtobufReader.Read(_message, spans);
        assembler.Add(spans);
        assembler.CompleteAll();
        return workload.Report(assembler.Summary).Findings.Count;
    }

    private static ByteString Id(int request, int span) => ByteString.CopyFrom(BitConverter.GetBytes(((long)request << 16) | (long)span));

    private static Span NewSpan(ByteString trace, ByteString id, ByteString parent, Span.Types.SpanKind kind, string name, params (string Key, string Value)[] attributes)
    {
        var span = new Span
        {
            TraceId = trace, SpanId = id, ParentSpanId = parent, Kind = kind, Name = name,
            StartTimeUnixNano = 1_700_000_000_000_000_000, EndTimeUnixNano = 1_700_000_000_001_000_000,
        };
        foreach (var (key, value) in attributes)
        {
            span.Attributes.Add(new KeyValue { Key = key, Value = long.TryParse(value, out var n) ? new AnyValue { IntValue = n } : new AnyValue { StringValue = value } });
        }

        return span;
    }
}

/// <summary>
/// The cost of QueryDoctor's OpenTelemetry output at the end of one request scope with an N+1 finding: without a
/// listener (the default), and with the OpenTelemetry SDK listening to the source and the meter.
/// </summary>
[MemoryDiagnoser]
public class TelemetryEmissionBenchmarks : IDisposable
{
    private static readonly ActivitySource App = new("QueryDoctor.Benchmarks.App");
    private ScopeReport _report = null!;
    private TracerProvider? _tracer;
    private MeterProvider? _meter;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var builder = new QueryScopeBuilder("GET /authors/{id}");
        for (var i = 0; i < 20; i++)
        {
            builder.Add(new QueryEvent { Sql = "SELECT title FROM books WHERE author_id = @id", Duration = TimeSpan.FromMilliseconds(0.2), CallSite = CallSite.FromText("Shop.Authors.Get (Authors.cs:27)") });
        }

        var scope = builder.Build();
        _report = new ScopeReport(scope, new Detection.ScopeAnalyzer().Analyze(scope), DateTimeOffset.UnixEpoch);
        if (Listening)
        {
            _tracer = Sdk.CreateTracerProviderBuilder().AddSource(App.Name, QueryDoctorTelemetry.ActivitySourceName).Build();
            _meter = Sdk.CreateMeterProviderBuilder().AddMeter(QueryDoctorTelemetry.MeterName).Build();
        }
    }

    [Benchmark(Description = "request span + QueryDoctor telemetry at scope end")]
    public void Emit()
    {
        using var request = App.StartActivity("GET /authors/{id}", ActivityKind.Server);
        QueryDoctorTelemetry.Record(_report, TimeSpan.FromMilliseconds(5));
    }

    [Benchmark(Baseline = true, Description = "request span alone")]
    public void SpanAlone()
    {
        using var request = App.StartActivity("GET /authors/{id}", ActivityKind.Server);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _tracer?.Dispose();
        _meter?.Dispose();
        _tracer = null;
        _meter = null;
        GC.SuppressFinalize(this);
    }
}

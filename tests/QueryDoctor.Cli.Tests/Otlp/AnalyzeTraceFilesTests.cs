using System.Buffers.Binary;
using System.Text.Json;
using Google.Protobuf;
using QueryDoctor.Cli.Otlp.Proto;
using static QueryDoctor.Cli.Tests.Otlp.OtlpJsonBuilder;

namespace QueryDoctor.Cli.Tests.Otlp;

/// <summary><c>analyze</c> over OpenTelemetry trace exports (CONTRACTS §6): OTLP/JSON lines and OTLP protobuf files.</summary>
public sealed class AnalyzeTraceFilesTests
{
    [Fact]
    public void Analyze_OtlpJsonTraceSpreadOverLinesAndFiles_ReportsNPlusOneOnceWithCallSite()
    {
        // Trace 1 has the N+1; its spans arrive on two lines of two files. Trace 2 of the same route is clean.
        var first = Request(1, 5);
        var second = Request(2, 1);
        var a = CliRunner.TempFile(Request([.. first.Take(3)]) + "\n" + Request([.. second]) + "\n", ".json");
        var b = CliRunner.TempFile(Request([.. first.Skip(3)]) + "\n", ".jsonl");

        var result = CliRunner.Run("analyze", a, b, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("n-plus-one", finding.GetProperty("rule").GetString());
        Assert.Equal("GET /authors/{id}", finding.GetProperty("scope").GetString());
        Assert.Equal(5, finding.GetProperty("count").GetInt32());
        Assert.Equal(1, finding.GetProperty("occurrences").GetInt32());
        Assert.Equal(2, finding.GetProperty("instances").GetInt32());
        Assert.Equal("Shop.AuthorsController.Get (AuthorsController.cs:27)", finding.GetProperty("callSite").GetString());
        Assert.Equal("books", finding.GetProperty("table").GetString());
        Assert.Equal(TraceId(1) + "-" + SpanId(1), finding.GetProperty("examples")[0].GetString());
        var traces = json.RootElement.GetProperty("summary").GetProperty("traces");
        Assert.Equal(2, traces.GetProperty("traces").GetInt32());
        Assert.Equal(2, traces.GetProperty("instances").GetInt32());
        Assert.Equal(0, traces.GetProperty("orphans").GetInt32());
    }

    [Fact]
    public void Analyze_OlderSemanticConventions_EnumNamesAndNumbers_SameFinding()
    {
        var trace = TraceId(7);
        var root = SpanId(1);
        var spans = new List<object>
        {
            new Dictionary<string, object>
            {
                ["traceId"] = trace.ToUpperInvariant(), ["spanId"] = root, ["name"] = "HTTP GET", ["kind"] = "SPAN_KIND_SERVER",
                ["startTimeUnixNano"] = 1_700_000_000_000_000_000, ["endTimeUnixNano"] = 1_700_000_000_050_000_000,
                ["attributes"] = new object[] { Attr("http.method", "GET"), Attr("http.route", "/orders/{id}"), new { key = "http.status_code", value = new { intValue = 200 } } },
            },
        };
        for (var i = 0; i < 4; i++)
        {
            spans.Add(new Dictionary<string, object>
            {
                ["trace_id"] = trace, ["span_id"] = SpanId(20 + i), ["parent_span_id"] = root, ["name"] = "SELECT", ["kind"] = 3,
                ["start_time_unix_nano"] = (1_700_000_000_001_000_000 + (i * 1_000_000L)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["end_time_unix_nano"] = (1_700_000_000_001_500_000 + (i * 1_000_000L)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["attributes"] = new object[]
                {
                    Attr("db.system", "postgresql"), Attr("db.statement", "SELECT * FROM lines WHERE order_id = $1"),
                    Attr("code.namespace", "Shop.Orders"), Attr("code.function", "Load"), Attr("code.filepath", "/src/Orders.cs"), Attr("code.lineno", 88),
                },
            });
        }

        var file = CliRunner.TempFile(Request([.. spans]) + "\n", ".json");
        var result = CliRunner.Run("analyze", file, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("GET /orders/{id}", finding.GetProperty("scope").GetString());
        Assert.Equal("Shop.Orders.Load (Orders.cs:88)", finding.GetProperty("callSite").GetString());
        Assert.Equal(4, finding.GetProperty("count").GetInt32());
    }

    [Fact]
    public void Analyze_StatementsWithoutRoot_CountedAsOrphans()
    {
        // The request's root span never made it into the export: its statements cannot be judged as a unit.
        var spans = Request(3, 6).Skip(1).ToArray();
        var file = CliRunner.TempFile(Request(spans) + "\n", ".json");

        var result = CliRunner.Run("analyze", file, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Empty(json.RootElement.GetProperty("findings").EnumerateArray());
        var traces = json.RootElement.GetProperty("summary").GetProperty("traces");
        Assert.Equal(7, traces.GetProperty("orphans").GetInt32());
        Assert.Equal(0, traces.GetProperty("instances").GetInt32());
    }

    [Fact]
    public void Analyze_ProtobufSingleMessageAndCollectorLengthPrefixedStream_SameFinding()
    {
        var message = Protobuf(Request([.. Request(4, 5)]));
        var single = CliRunner.TempFile("", ".pb");
        File.WriteAllBytes(single, message);
        // The Collector's file exporter (format: proto): each message preceded by its 4-byte big-endian length.
        var split = Request(5, 5);
        var framed = CliRunner.TempFile("", ".binpb");
        using (var stream = File.Create(framed))
        {
            foreach (var part in new[] { Protobuf(Request([.. split.Take(4)])), Protobuf(Request([.. split.Skip(4)])) })
            {
                var prefix = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)part.Length);
                stream.Write(prefix);
                stream.Write(part);
            }
        }

        foreach (var file in new[] { single, framed })
        {
            var result = CliRunner.Run("analyze", file, "--format", "json");
            Assert.Equal(0, result.ExitCode);
            using var json = JsonDocument.Parse(result.Out);
            var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal("n-plus-one", finding.GetProperty("rule").GetString());
            Assert.Equal(5, finding.GetProperty("count").GetInt32());
            Assert.Equal("Shop.AuthorsController.Get (AuthorsController.cs:27)", finding.GetProperty("callSite").GetString());
        }
    }

    [Theory]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"AAECAwQFBgcICQoLDA0ODw==\",\"spanId\":\"0001020304050607\"}]}]}]}", "traceId", "hex")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"000102030405060708090a0b0c0d0e0f\",\"spanId\":\"0001020304050607\",\"startTimeUnixNano\":\"soon\"}]}]}]}", "startTimeUnixNano", "integer")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"000102030405060708090a0b0c0d0e0f\"}]}]}]}", "no spanId", "")]
    [InlineData("{\"resourceSpans\":{}}", "resourceSpans", "array")]
    [InlineData("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[", "JSON", "")]
    public void Analyze_BadOtlpJsonLine_ExitsTwoNamingFileLineAndField(string badLine, string field, string reason)
    {
        var good = Request([.. Request(1, 1)]);
        var file = CliRunner.TempFile(good + "\n" + badLine + "\n", ".json");

        var result = CliRunner.Run("analyze", file);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(file + ":2:", line);
        Assert.Contains(field, line);
        Assert.Contains(reason, line);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void Analyze_TruncatedProtobuf_ExitsTwoNamingTheMessage()
    {
        var message = Protobuf(Request([.. Request(4, 5)]));
        var file = CliRunner.TempFile("", ".pb");
        File.WriteAllBytes(file, message[..(message.Length / 2)]);

        var result = CliRunner.Run("analyze", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(file + ": message 1", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void Analyze_EventLogAndTraceExportTogether_ExitsTwo()
    {
        var log = CliRunner.TempFile("{\"scope\":\"a\",\"sql\":\"SELECT 1\"}\n");
        var traces = CliRunner.TempFile(Request([.. Request(1, 1)]) + "\n", ".json");

        var result = CliRunner.Run("analyze", log, traces);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("separate runs", result.Error);
    }

    /// <summary>The same request as protobuf, through the OTLP JSON mapping of our generated messages (field numbers from the OTLP .proto).</summary>
    internal static byte[] Protobuf(string otlpJson) =>
        JsonParser.Default.Parse<ExportTraceServiceRequest>(HexIdsToBase64(otlpJson)).ToByteArray();

    /// <summary>Proto3 JSON writes bytes as base64 where OTLP/JSON writes ids as hex.</summary>
    private static string HexIdsToBase64(string otlpJson)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(otlpJson)!;
        foreach (var resource in node["resourceSpans"]!.AsArray())
        {
            resource!.AsObject().Remove("resource");
            foreach (var scope in resource["scopeSpans"]!.AsArray())
            {
                scope!.AsObject().Remove("scope");
                foreach (var span in scope["spans"]!.AsArray())
                {
                    foreach (var id in new[] { "traceId", "spanId", "parentSpanId" })
                    {
                        if (span![id] is { } value)
                        {
                            span[id] = Convert.ToBase64String(Convert.FromHexString(value.GetValue<string>()));
                        }
                    }
                }
            }
        }

        return node.ToJsonString();
    }
}

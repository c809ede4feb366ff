using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using QueryDoctor.Cli.Otlp.Proto;
using QueryDoctor.Otlp;
using static QueryDoctor.Cli.Tests.Otlp.OtlpJsonBuilder;

namespace QueryDoctor.Cli.Tests.Otlp;

/// <summary><c>serve</c>'s OTLP/HTTP receiver over a real socket: the protocol's answers, hostile bodies, the memory bound.</summary>
public sealed class ServeReceiverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Receive_ProtobufAndGzippedJson_200AndTheTraceIsJudged()
    {
        await using var receiver = await ServeTestSupport.StartAsync();
        using var http = new HttpClient();
        var spans = Request(11, 6);
        using var protobuf = new ByteArrayContent(AnalyzeTraceFilesTests.Protobuf(Request([.. spans.Take(4)])));
        protobuf.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        var first = await http.PostAsync(new Uri(receiver.Address, "v1/traces"), protobuf, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/x-protobuf", first.Content.Headers.ContentType?.MediaType);
        // An empty ExportTraceServiceResponse: no partial success to report.
        Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(await first.Content.ReadAsByteArrayAsync(Ct)).PartialSuccess);

        using var gzip = Gzip(Encoding.UTF8.GetBytes(Request([.. spans.Skip(4)])), "application/json");
        var second = await http.PostAsync(new Uri(receiver.Address, "v1/traces"), gzip, Ct);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("{}", await second.Content.ReadAsStringAsync(Ct));

        var finding = await ServeTestSupport.WaitForFindingAsync(http, receiver, "n-plus-one", "GET /authors/{id}");
        Assert.Equal(6, finding.GetProperty("count").GetInt32());
        Assert.Equal("Shop.AuthorsController.Get (AuthorsController.cs:27)", finding.GetProperty("callSite").GetString());
    }

    public static TheoryData<string, byte[]> HostileBodies()
    {
        var good = AnalyzeTraceFilesTests.Protobuf(Request([.. Request(1, 3)]));
        return new TheoryData<string, byte[]>
        {
            { "application/x-protobuf", good[..(good.Length - 7)] },
            { "application/x-protobuf", [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01] },
            { "application/x-protobuf", [.. Enumerable.Repeat((byte)0x0A, 4096)] },
            { "application/x-protobuf", Encoding.UTF8.GetBytes("{\"resourceSpans\":[]}") },
            { "application/json", Encoding.UTF8.GetBytes(Request([.. Request(1, 3)])[..100]) },
            { "application/json", Encoding.UTF8.GetBytes(new string('[', 100_000)) },
            { "application/json", Encoding.UTF8.GetBytes("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"<script>\",\"spanId\":\"x\"}]}]}]}") },
            { "application/json", Encoding.UTF8.GetBytes("[1,2,3]") },
            { "application/json", [0xFF, 0xFE, 0x00] },
        };
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Receive_HostileOrTruncatedBody_400WithReason_AndKeepsServing(string contentType, byte[] body)
    {
        await using var receiver = await ServeTestSupport.StartAsync();
        using var http = new HttpClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        var response = await http.PostAsync(new Uri(receiver.Address, "v1/traces"), content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var reason = contentType == "application/json"
            ? JsonDocument.Parse(bytes).RootElement.GetProperty("message").GetString()
            : RpcStatus.Parser.ParseFrom(bytes).Message;
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.DoesNotContain("   at ", reason);
        Assert.Equal(1, receiver.RejectedRequests);

        using var good = new StringContent(Request([.. Request(2, 1)]), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(new Uri(receiver.Address, "v1/traces"), good, Ct)).StatusCode);
    }

    [Fact]
    public async Task Receive_OtherContentTypeOrEncoding_415()
    {
        await using var receiver = await ServeTestSupport.StartAsync();
        using var http = new HttpClient();
        using var text = new StringContent("hello", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await http.PostAsync(new Uri(receiver.Address, "v1/traces"), text, Ct)).StatusCode);

        using var brotli = new StringContent(Request([.. Request(1, 1)]), Encoding.UTF8, "application/json");
        brotli.Headers.ContentEncoding.Add("br");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await http.PostAsync(new Uri(receiver.Address, "v1/traces"), brotli, Ct)).StatusCode);
    }

    [Fact]
    public async Task Receive_BodyOverTheLimit_Plain_OrOnceDecompressed_413()
    {
        await using var receiver = await ServeTestSupport.StartAsync(maxBodyBytes: 64 * 1024);
        using var http = new HttpClient();
        using var big = new ByteArrayContent(new byte[200 * 1024]);
        big.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.PostAsync(new Uri(receiver.Address, "v1/traces"), big, Ct)).StatusCode);

        // A gzip bomb: 2 KiB on the wire, 8 MiB once inflated.
        using var bomb = Gzip(new byte[8 << 20], "application/x-protobuf");
        Assert.True(bomb.Headers.ContentLength < 64 * 1024);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.PostAsync(new Uri(receiver.Address, "v1/traces"), bomb, Ct)).StatusCode);
    }

    [Fact]
    public async Task Receive_FloodOfOpenTraces_StaysWithinTheBound_AndCountsWhatWasDropped()
    {
        // Traces that never get a root (and a timeout that never passes): only the bound can release them.
        var bound = 50;
        await using var receiver = await ServeTestSupport.StartAsync(new TraceAssemblerOptions { MaxOpenTraces = bound, TraceTimeout = TimeSpan.FromHours(1), OrphanTimeout = TimeSpan.FromHours(1) });
        using var http = new HttpClient();
        for (var batch = 0; batch < 20; batch++)
        {
            var spans = Enumerable.Range(batch * 50, 50)
                .SelectMany(t => Request(1000 + t, 2).Skip(1))
                .ToArray();
            using var content = new StringContent(Request(spans), Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(new Uri(receiver.Address, "v1/traces"), content, Ct)).StatusCode);
            Assert.True(receiver.Summary.OpenTraces <= bound);
        }

        var summary = receiver.Summary;
        Assert.Equal(1000, summary.Traces);
        Assert.Equal(bound, summary.OpenTraces);
        Assert.Equal(1000 - bound, summary.DroppedTraces);
        Assert.Equal((1000 - bound) * 3, summary.OrphanStatements);

        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(receiver.Address, "api/findings"), Ct));
        Assert.Equal(1000 - bound, json.RootElement.GetProperty("summary").GetProperty("traces").GetProperty("droppedTraces").GetInt32());
        var page = await http.GetStringAsync(receiver.Address, Ct);
        Assert.Contains("traces dropped without a root", page);
    }

    [Fact]
    public async Task Dashboard_EncodesReceivedNames_AndForbidsScript()
    {
        await using var receiver = await ServeTestSupport.StartAsync();
        using var http = new HttpClient();
        using var content = new StringContent(Request([.. Request(21, 4, route: "/<script>alert(1)</script>")]), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(new Uri(receiver.Address, "v1/traces"), content, Ct)).StatusCode);
        await ServeTestSupport.WaitForFindingAsync(http, receiver, "n-plus-one", "GET /<script>alert(1)</script>");

        var response = await http.GetAsync(receiver.Address, Ct);

        var page = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("<script>", page);
        Assert.Contains("&lt;script&gt;", page);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Dashboard_LiveTraces_DrawsTheExampleInstanceWaterfallOfTheRoute()
    {
        await using var receiver = await ServeTestSupport.StartAsync();
        using var http = new HttpClient();
        // Trace 41 loads authors one by one (an N+1 of 6), trace 42 once: 41 is the route's example.
        using var content = new StringContent(Request([.. Request(41, 6), .. Request(42, 1)]), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(new Uri(receiver.Address, "v1/traces"), content, Ct)).StatusCode);
        await ServeTestSupport.WaitForFindingAsync(http, receiver, "n-plus-one", "GET /authors/{id}");

        var page = await http.GetStringAsync(receiver.Address, Ct);

        Assert.Contains("class=\"qd-waterfall\"", page);
        Assert.Contains("in example instance " + TraceId(41), page);
        Assert.DoesNotContain("in example instance " + TraceId(42), page);
        Assert.Contains("data-statements=\"7\"", page);
        Assert.Contains("<g class=\"qd-group\" data-rule=\"n-plus-one\"", page);
    }

    private static ByteArrayContent Gzip(byte[] data, string contentType)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(data);
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}

using System.IO.Compression;
using System.Net;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QueryDoctor.Cli.Commands;
using QueryDoctor.Cli.Otlp.Proto;
using QueryDoctor.Inspection;
using QueryDoctor.Otlp;
using QueryDoctor.Reporting;

namespace QueryDoctor.Cli.Otlp;

/// <summary>
/// The OTLP/HTTP trace receiver behind <c>querydoctor serve</c>: <c>POST /v1/traces</c> (protobuf or JSON, gzip or
/// not) on Kestrel, trace assembly with a timeout and bounded memory, the dashboard at <c>/</c> and the findings
/// JSON at <c>GET /api/findings</c>.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private const string ProtobufType = "application/x-protobuf";
    private const string JsonType = "application/json";
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly OtlpReceiverOptions _options;
    private readonly CliConsole _console;
    private readonly TraceAnalysis _assembler;
    private readonly Lock _databaseLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private Task? _sweeper;
    private (long Instances, AnalysisReport Report)? _databaseReport;
    private long _rejectedRequests;

    private OtlpReceiver(OtlpReceiverOptions options, CliConsole console)
    {
        _options = options;
        _console = console;
        _assembler = new TraceAnalysis(
            options.Detection,
            options.Assembly,
            options.Time,
            (rule, e) => console.Diagnostic($"warning: the {rule} rule failed and was skipped: {e.Message}"));
    }

    /// <summary>The address it listens on (the actual port when port 0 was asked).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The trace input's counts so far.</summary>
    public TraceInputSummary Summary => _assembler.Summary;

    /// <summary>Requests refused with 4xx (bad body, wrong type, too large).</summary>
    public long RejectedRequests => Interlocked.Read(ref _rejectedRequests);

    /// <summary>Starts listening.</summary>
    /// <exception cref="IOException">The address cannot be bound.</exception>
    public static async Task<OtlpReceiver> StartAsync(OtlpReceiverOptions options, CliConsole console, CancellationToken cancellationToken = default)
    {
        var receiver = new OtlpReceiver(options, console);
        await receiver.StartCoreAsync(cancellationToken);
        return receiver;
    }

    /// <summary>Judges the traces that are due (the sweeper does this on its own; tests call it after moving a fake clock).</summary>
    public int CompleteDue() => _assembler.CompleteDue();

    /// <summary>The findings so far (with <c>--db</c>, plus the database's).</summary>
    public AnalysisReport Report()
    {
        var report = _assembler.Report();
        if (_options.Database is not { } db)
        {
            return report;
        }

        lock (_databaseLock)
        {
            // The database rules and the advisor cost real queries: run again only when new instances arrived.
            if (_databaseReport is { } cached && cached.Instances == report.ScopeInstances)
            {
                return cached.Report with { Traces = report.Traces };
            }

            try
            {
                var schemaOptions = new SchemaCheckOptions();
                var quiet = _console with { ErrorIsTerminal = false };
                var full = DoctorCommand.WithDatabase(quiet, db, _options.Provider, schemaOptions, report);
                full = AdviseCommand.WithAdvice(quiet, db, _options.Provider, schemaOptions, _options.MaxIndexes, full);
                _databaseReport = (report.ScopeInstances, full);
                return full;
            }
            catch (UsageException exception)
            {
                _console.Diagnostic("warning: database findings unavailable: " + exception.Message);
                return report;
            }
        }
    }

    /// <summary>Runs until the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app!);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_sweeper is not null)
        {
            await _sweeper;
        }

        _stopping.Dispose();
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = _options.MaxBodyBytes;
            kestrel.Listen(_options.Listen);
        });
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.MapPost("/v1/traces", ReceiveAsync);
        app.MapGet("/api/findings", (HttpContext context) => WriteFindingsAsync(context));
        app.MapGet("/", (HttpContext context) => WriteDashboardAsync(context));
        _app = app;
        await app.StartAsync(cancellationToken);
        var bound = app.Urls.First();
        Address = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        _sweeper = SweepAsync(_stopping.Token);
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var timeout = _options.Assembly.TraceTimeout;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 50, 1000));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    _assembler.CompleteDue();
                }
#pragma warning disable CA1031 // A judging failure must not stop the receiver; it is reported and the next sweep goes on.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    _console.Diagnostic($"warning: judging traces failed: {exception.GetType().Name}: {exception.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        var mediaType = MediaType(request.ContentType);
        var isProtobuf = string.Equals(mediaType, ProtobufType, StringComparison.OrdinalIgnoreCase);
        if (!isProtobuf && !string.Equals(mediaType, JsonType, StringComparison.OrdinalIgnoreCase))
        {
            await RejectAsync(context, StatusCodes.Status415UnsupportedMediaType, false,
                $"unsupported Content-Type '{request.ContentType}': send application/x-protobuf or application/json");
            return;
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = string.Equals(encoding, "gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase))
        {
            await RejectAsync(context, StatusCodes.Status415UnsupportedMediaType, isProtobuf,
                $"unsupported Content-Encoding '{encoding}': send gzip or no encoding");
            return;
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(request.Body, gzip, context.RequestAborted);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, isProtobuf, $"body larger than {_options.MaxBodyBytes} bytes");
            return;
        }
        catch (BodyTooLargeException)
        {
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, isProtobuf, $"body larger than {_options.MaxBodyBytes} bytes once decompressed");
            return;
        }
        catch (InvalidDataException exception)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, isProtobuf, "not valid gzip: " + exception.Message);
            return;
        }

        var spans = new List<TraceSpan>();
        try
        {
            if (isProtobuf)
            {
                OtlpProtobufReader.Read(body, spans);
            }
            else
            {
                OtlpJsonReader.Read(body, spans);
            }
        }
        catch (OtlpFormatException exception)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, isProtobuf, exception.Message);
            return;
        }

        _assembler.Add(spans);
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (isProtobuf)
        {
            context.Response.ContentType = ProtobufType;
            await context.Response.Body.WriteAsync(new ExportTraceServiceResponse().ToByteArray(), context.RequestAborted);
        }
        else
        {
            context.Response.ContentType = JsonType;
            await context.Response.WriteAsync("{}", context.RequestAborted);
        }
    }

    private async Task<byte[]> ReadBodyAsync(Stream body, bool gzip, CancellationToken cancellationToken)
    {
        await using var source = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : null;
        var input = (Stream?)source ?? body;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = await input.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > _options.MaxBodyBytes)
            {
                throw new BodyTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private async Task RejectAsync(HttpContext context, int status, bool protobuf, string message)
    {
        Interlocked.Increment(ref _rejectedRequests);
        var response = context.Response;
        response.StatusCode = status;
        // OTLP/HTTP: the body of a failed request is a google.rpc.Status in the request's encoding.
        var code = status == StatusCodes.Status400BadRequest ? 3 : status == StatusCodes.Status413PayloadTooLarge ? 8 : 3;
        if (protobuf)
        {
            response.ContentType = ProtobufType;
            await response.Body.WriteAsync(new RpcStatus { Code = code, Message = message }.ToByteArray(), context.RequestAborted);
        }
        else
        {
            response.ContentType = JsonType;
            var json = new StringBuilder("{\"code\":").Append(code).Append(",\"message\":")
                .Append(System.Text.Json.JsonSerializer.Serialize(message, OtlpJsonContext.Default.String)).Append('}');
            await response.WriteAsync(json.ToString(), context.RequestAborted);
        }
    }

    private async Task WriteFindingsAsync(HttpContext context)
    {
        var report = await Task.Run(Report, context.RequestAborted);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        JsonReportWriter.Write(report, buffer);
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }

    private async Task WriteDashboardAsync(HttpContext context)
    {
        var report = await Task.Run(Report, context.RequestAborted);
        var html = ServeDashboard.Render(report, _assembler.Summary, RejectedRequests, _options);
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        await response.WriteAsync(html, context.RequestAborted);
    }

    private static string? MediaType(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
    }

    private sealed class BodyTooLargeException : Exception
    {
    }
}

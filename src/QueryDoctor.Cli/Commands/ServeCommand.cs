using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using QueryDoctor.Cli.Otlp;
using QueryDoctor.Otlp;

namespace QueryDoctor.Cli.Commands;

/// <summary>
/// <c>querydoctor serve</c>: an OTLP/HTTP trace receiver (CONTRACTS §6) that judges each trace as it completes and
/// serves the dashboard at <c>/</c> and the findings JSON at <c>/api/findings</c>. Loopback unless told otherwise.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var listen = new Option<string>("--listen")
        {
            Description = "Address and port to listen on. Default 127.0.0.1:4318 (the OTLP/HTTP port). A non-loopback address needs --allow-remote.",
            HelpName = "host:port",
            DefaultValueFactory = _ => "127.0.0.1:4318",
        };
        var allowRemote = new Option<bool>("--allow-remote")
        {
            Description = "Accept a non-loopback --listen address. The receiver has no authentication: put it behind your network's controls.",
        };
        var timeout = new Option<string>("--trace-timeout")
        {
            Description = "Judge a trace once its root span has arrived and no span has for this long, e.g. 5s, 500ms, 1m. Default 5s.",
            HelpName = "duration",
            DefaultValueFactory = _ => "5s",
        };
        var maxOpen = new Option<int>("--max-open-traces")
        {
            Description = "Traces held open at once; past it the least recently active is judged early (or dropped without a root), and counted. Default 10000.",
            HelpName = "count",
            DefaultValueFactory = _ => 10_000,
        };
        var maxBody = new Option<int>("--max-body-mb")
        {
            Description = "Largest request body accepted, in MiB, also after gzip decompression (413 past it). Default 16.",
            HelpName = "MiB",
            DefaultValueFactory = _ => 16,
        };
        var database = new DatabaseOptions(required: false);
        var command = new Command(
            "serve",
            "Receive OpenTelemetry traces over OTLP/HTTP (POST /v1/traces, protobuf or JSON, gzip) and judge each trace as it completes; dashboard at /, findings JSON at /api/findings.");
        command.Options.Add(listen);
        command.Options.Add(allowRemote);
        command.Options.Add(timeout);
        command.Options.Add(maxOpen);
        command.Options.Add(maxBody);
        database.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var endpoint = ParseListen(parse.GetValue(listen)!);
            if (!IPAddress.IsLoopback(endpoint.Address))
            {
                if (!parse.GetValue(allowRemote))
                {
                    throw new UsageException(
                        $"--listen {parse.GetValue(listen)} is not a loopback address: add --allow-remote to accept traces from other machines");
                }

                console.Diagnostic($"warning: listening on {endpoint}, reachable from other machines, without authentication");
            }

            var traceTimeout = ParseDuration(parse.GetValue(timeout)!, "--trace-timeout");
            var open = parse.GetValue(maxOpen);
            if (open < 1)
            {
                throw new UsageException($"--max-open-traces {open}: give at least 1");
            }

            var bodyMb = parse.GetValue(maxBody);
            if (bodyMb is < 1 or > 1024)
            {
                throw new UsageException($"--max-body-mb {bodyMb}: give 1 to 1024");
            }

            var db = parse.GetValue(database.Db);
            var provider = parse.GetValue(database.Provider);
            if (db is not null)
            {
                // Fail now, not on the first page view, when the database cannot be reached.
                DoctorCommand.Doctor(console with { ErrorIsTerminal = false }, db, provider, new Inspection.SchemaCheckOptions());
            }

            var options = new OtlpReceiverOptions
            {
                Listen = endpoint,
                MaxBodyBytes = (long)bodyMb << 20,
                Assembly = new TraceAssemblerOptions
                {
                    TraceTimeout = traceTimeout,
                    OrphanTimeout = traceTimeout * 12 > TimeSpan.FromSeconds(60) ? traceTimeout * 12 : TimeSpan.FromSeconds(60),
                    MaxOpenTraces = open,
                },
                Database = db,
                Provider = provider,
            };
            return RunAsync(console, options, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, OtlpReceiverOptions options, CancellationToken cancellationToken)
    {
        OtlpReceiver receiver;
        try
        {
            receiver = await OtlpReceiver.StartAsync(options, console, cancellationToken);
        }
        catch (IOException exception)
        {
            throw new UsageException($"cannot listen on {options.Listen}: {exception.Message}");
        }
        catch (SocketException exception)
        {
            throw new UsageException($"cannot listen on {options.Listen}: {exception.Message}");
        }

        await using (receiver)
        {
            console.Diagnostic($"receiving OTLP/HTTP traces at {receiver.Address}v1/traces; dashboard at {receiver.Address}, findings at {receiver.Address}api/findings (Ctrl+C stops)");
            await receiver.WaitForShutdownAsync();
            var summary = receiver.Summary;
            console.Diagnostic($"stopped: {summary.Spans} spans, {summary.Instances} scope instances judged, {summary.OpenTraces} traces still open");
        }

        return ExitCodes.Success;
    }

    internal static IPEndPoint ParseListen(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new UsageException($"--listen {text}: expected host:port, e.g. 127.0.0.1:4318");
        }

        var host = text[..colon].Trim('[', ']');
        if (host == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var address)
            ? new IPEndPoint(address, port)
            : throw new UsageException($"--listen {text}: '{host}' is not an IP address (use 127.0.0.1, ::1, localhost or a local interface's address)");
    }

    internal static TimeSpan ParseDuration(string text, string option)
    {
        var value = text.Trim();
        var (number, scale) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 0.001)
            : value.EndsWith('s') ? (value[..^1], 1.0)
            : value.EndsWith('m') ? (value[..^1], 60.0)
            : (value, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount)
            || amount * scale <= 0 || amount * scale > 24 * 3600)
        {
            throw new UsageException($"{option} {text}: expected a positive duration such as 5s, 500ms or 1m");
        }

        return TimeSpan.FromSeconds(amount * scale);
    }
}

using System.Net;
using System.Text.Json;
using QueryDoctor.Cli.Otlp;
using QueryDoctor.Otlp;

namespace QueryDoctor.Cli.Tests.Otlp;

/// <summary>Starts a real receiver (Kestrel on 127.0.0.1, a free port) and reads its findings over HTTP.</summary>
internal static class ServeTestSupport
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<OtlpReceiver> StartAsync(TraceAssemblerOptions? assembly = null, long maxBodyBytes = 16L << 20, string? database = null) =>
        OtlpReceiver.StartAsync(
            new OtlpReceiverOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                Assembly = assembly ?? new TraceAssemblerOptions { TraceTimeout = TimeSpan.FromMilliseconds(200) },
                MaxBodyBytes = maxBodyBytes,
                Detection = new Detection.DetectionOptions { DisabledRules = { "slow-query", "slow-scope" } },
                Database = database,
            },
            new CliConsole(TextWriter.Null, TextWriter.Null, ErrorIsTerminal: false, OutIsTerminal: false));

    /// <summary>Polls <c>/api/findings</c> until a finding of the rule shows (traces are judged after the timeout), at most 30 s.</summary>
    public static async Task<JsonElement> WaitForFindingAsync(HttpClient http, OtlpReceiver receiver, string rule, string scope)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(receiver.Address, "api/findings"), Ct));
            foreach (var finding in json.RootElement.GetProperty("findings").EnumerateArray())
            {
                if (finding.GetProperty("rule").GetString() == rule && finding.GetProperty("scope").GetString() == scope)
                {
                    return finding.Clone();
                }
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"no {rule} finding for {scope} after 30 s; summary: {receiver.Summary}");
    }
}

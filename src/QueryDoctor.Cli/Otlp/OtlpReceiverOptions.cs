using System.Net;

namespace QueryDoctor.Cli.Otlp;

/// <summary>How <c>serve</c> listens, assembles and judges.</summary>
internal sealed record OtlpReceiverOptions
{
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 4318);

    /// <summary>Largest request body accepted, after gzip decompression too (413 past it).</summary>
    public long MaxBodyBytes { get; init; } = 16L << 20;

    public QueryDoctor.Otlp.TraceAssemblerOptions Assembly { get; init; } = new();

    public QueryDoctor.Detection.DetectionOptions Detection { get; init; } = new();

    /// <summary>With a database: plan rules and index advice on the received workload.</summary>
    public string? Database { get; init; }

    public string? Provider { get; init; }

    public int MaxIndexes { get; init; } = 5;

    /// <summary>The clock for the trace timeout; the system clock when <see langword="null"/>.</summary>
    public TimeProvider? Time { get; init; }
}

using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>
/// Counts the runtime's allocation ticks (one per ~100 KB allocated, naming the type that crossed the mark) by type,
/// in process: where a probe's bytes go, without an external profiler.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    public bool Enabled { get; set; }

    public IEnumerable<KeyValuePair<string, long>> Top(int count) => _bytesByType.OrderByDescending(p => p.Value).Take(count);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Enabled || eventData.EventName is not "GCAllocationTick_V4" and not "GCAllocationTick_V3" || eventData.Payload is null)
        {
            return;
        }

        var type = eventData.PayloadNames?.IndexOf("TypeName") is int i and >= 0 ? eventData.Payload[i] as string ?? "?" : "?";
        var amount = eventData.PayloadNames?.IndexOf("AllocationAmount64") is int j and >= 0 ? Convert.ToInt64(eventData.Payload[j], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, v) => v + amount);
    }
}

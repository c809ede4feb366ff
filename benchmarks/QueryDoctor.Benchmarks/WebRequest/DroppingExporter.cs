using System.Diagnostics;
using OpenTelemetry;

namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>An exporter that accepts every span and sends it nowhere: the tracer's cost without any I/O.</summary>
public sealed class DroppingExporter : BaseExporter<Activity>
{
    /// <summary>The spans seen, so a run can prove the instrumentation was live.</summary>
    public long Exported { get; private set; }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        Exported += batch.Count;
        return ExportResult.Success;
    }
}

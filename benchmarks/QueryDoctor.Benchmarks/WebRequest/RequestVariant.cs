namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>What watches the request's EF Core commands: one row of the issue-17 table each.</summary>
public enum RequestVariant
{
    /// <summary>EF Core with nothing attached.</summary>
    Raw,

    /// <summary>A <c>DbCommandInterceptor</c> that overrides nothing: EF's interception machinery alone.</summary>
    EmptyInterceptor,

    /// <summary>EF Core's own <c>LogTo</c> at Information, into a delegate that drops the line.</summary>
    LogTo,

    /// <summary>OpenTelemetry's EF Core instrumentation with a tracer provider whose exporter drops every span.</summary>
    OpenTelemetry,

    /// <summary><c>UseQueryDoctor(o =&gt; o.CaptureCallSites = false)</c> inside a <c>QueryDoctorScope</c>.</summary>
    QueryDoctorWithoutCallSites,

    /// <summary><c>UseQueryDoctor()</c> with default options inside a <c>QueryDoctorScope</c>.</summary>
    QueryDoctor,

    /// <summary><c>UseQueryDoctor()</c> with default options and no scope: the commands go to the ambient scope.</summary>
    QueryDoctorAmbient,
}

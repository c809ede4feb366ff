using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using QueryDoctor.Detection;

namespace QueryDoctor.Capture;

/// <summary>
/// Settings for live capture. Validated once, when a <see cref="QueryCapture"/> is built from them
/// (every problem is reported in one <see cref="ArgumentException"/>); later changes are not seen.
/// </summary>
public sealed class QueryDoctorOptions
{
    /// <summary>What happens with findings: log (development), throw (test) or sample (production).</summary>
    public QueryDoctorMode Mode { get; set; } = QueryDoctorMode.Development;

    /// <summary>
    /// Rule thresholds and severities. <see langword="null"/> means the contract defaults, or
    /// <see cref="ProductionDetectionDefaults"/> in <see cref="QueryDoctorMode.Production"/>.
    /// </summary>
    public DetectionOptions? Detection { get; set; }

    /// <summary>
    /// Keep parameter values on events (and write them to the event log). Off by default: values are
    /// private, only a hash of them is kept to tell duplicates. Not allowed in production mode.
    /// </summary>
    public bool IncludeParameterValues { get; set; }

    /// <summary>Share of scopes recorded, from 0 to 1 (default 1). Sampling is deterministic: every n-th scope.</summary>
    public double SampleRate { get; set; } = 1.0;

    /// <summary>
    /// Find the user code that issued each command (default on). A stack walk is taken when a statement shape is first
    /// seen, at scheduled re-checks and for repeats inside one scope; a shape whose place is known costs none.
    /// </summary>
    public bool CaptureCallSites { get; set; } = true;

    /// <summary>
    /// Decides which assemblies are user code for call sites. <see langword="null"/>: the application's
    /// own projects listed in its <c>.deps.json</c>, else everything outside System, Microsoft, EF Core,
    /// ADO.NET providers, Dapper and QueryDoctor.
    /// </summary>
    public Func<Assembly, bool>? IsUserCode { get; set; }

    /// <summary>
    /// Events outside any scope go to a rolling <c>(ambient)</c> scope, judged every this many events
    /// (default 500) or on <see cref="QueryCapture.FlushAmbient"/>.
    /// </summary>
    public int AmbientFlushThreshold { get; set; } = 500;

    /// <summary>Finished scopes kept in <see cref="QueryCapture.RecentScopes"/> (default 100; 0 keeps none).</summary>
    public int RecentScopeCapacity { get; set; } = 100;

    /// <summary>
    /// Of <see cref="RecentScopeCapacity"/>, how many clean scopes (no findings) are kept: the most recent ones
    /// (default 10; 0 keeps only scopes with findings). Every report kept past a garbage collection is promoted, so
    /// keeping a hundred clean requests costs a busy application about 5% of its request time; raise it when a test
    /// or the dashboard's workload needs more clean scopes.
    /// </summary>
    public int RecentCleanScopeCapacity { get; set; } = 10;

    /// <summary>In <see cref="QueryDoctorMode.Test"/>: the lowest severity that fails a scope (default warning).</summary>
    public Severity FailOnSeverity { get; set; } = Severity.Warning;

    /// <summary>Where findings are logged (stable event ids 1-6, see <c>docs/capture.md</c>); none when <see langword="null"/>. Create it with category <c>QueryDoctor</c> to filter it apart.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Called with every finished scope (clean or not). Exceptions it throws are logged and ignored.</summary>
    public Action<ScopeReport>? OnScopeCompleted { get; set; }

    /// <summary>The JSON Lines event log file (CONTRACTS.md §1), or <see langword="null"/> for none. See <see cref="WriteEventsTo"/>.</summary>
    public string? EventLogPath { get; set; }

    /// <summary>The database kind written on events when the integration does not know it (<c>sqlite</c>, <c>postgresql</c>…).</summary>
    public string? Db { get; set; }

    /// <summary>The clock for timestamps and scope durations.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Higher thresholds used in production mode when <see cref="Detection"/> is not set: N+1 from 10
    /// statements, writes from 10, duplicates from 5, 100 statements per scope, slow query 1 s, slow scope 5 s,
    /// unbounded results from 10,000 rows.
    /// </summary>
    /// <returns>A new options instance.</returns>
    public static DetectionOptions ProductionDetectionDefaults() => new()
    {
        NPlusOneThreshold = 10,
        NPlusOneWriteThreshold = 10,
        DuplicateQueryThreshold = 5,
        TooManyQueriesThreshold = 100,
        SlowQueryThreshold = TimeSpan.FromSeconds(1),
        SlowScopeThreshold = TimeSpan.FromSeconds(5),
        UnboundedResultThreshold = 10_000,
        MaxEventsPerScope = 100,
    };

    /// <summary>
    /// Appends every captured event, and a scope line when each scope ends, to a JSON Lines file in the
    /// event-log format (CONTRACTS.md §1), so a live run can be analysed later with <c>querydoctor analyze</c>.
    /// Parameter values are written only with <see cref="IncludeParameterValues"/>.
    /// </summary>
    /// <param name="path">The file; created if missing, appended to otherwise.</param>
    /// <returns>These options, for chaining.</returns>
    public QueryDoctorOptions WriteEventsTo(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        EventLogPath = path;
        return this;
    }

    /// <summary>Checks every value; all problems are reported together.</summary>
    /// <exception cref="ArgumentException">One or more values are out of range; the message lists them.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Mode))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Mode {(int)Mode} is not a known mode"));
        }

        if (double.IsNaN(SampleRate) || SampleRate < 0 || SampleRate > 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"SampleRate must be between 0 and 1, not {SampleRate}"));
        }

        if (AmbientFlushThreshold < 1)
        {
            errors.Add("AmbientFlushThreshold must be at least 1");
        }

        if (RecentScopeCapacity < 0)
        {
            errors.Add("RecentScopeCapacity must not be negative");
        }

        if (RecentCleanScopeCapacity < 0)
        {
            errors.Add("RecentCleanScopeCapacity must not be negative");
        }

        if (Mode == QueryDoctorMode.Production && IncludeParameterValues)
        {
            errors.Add("IncludeParameterValues is not allowed in production mode: parameter values stay private");
        }

        if (TimeProvider is null)
        {
            errors.Add("TimeProvider is required");
        }

        try
        {
            Detection?.Validate();
        }
        catch (ArgumentException exception)
        {
            errors.Add("Detection: " + exception.Message);
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid QueryDoctorOptions: " + string.Join("; ", errors));
        }
    }

    internal DetectionOptions EffectiveDetection() =>
        Detection ?? (Mode == QueryDoctorMode.Production ? ProductionDetectionDefaults() : new DetectionOptions());
}

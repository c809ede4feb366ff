using System.Data.Common;
using QueryDoctor.Capture;
using QueryDoctor.Inspection;

namespace QueryDoctor.AspNetCore;

/// <summary>
/// Settings of the ASP.NET Core integration: the request scope, timing headers, slow-request and slow-query
/// log entries, and the development dashboard. Set through <c>services.AddQueryDoctor(o => …)</c>;
/// validated when the application starts (every problem in one message).
/// </summary>
public sealed class QueryDoctorAspNetCoreOptions
{
    /// <summary>The default dashboard path, <c>/_querydoctor</c>.</summary>
    public const string DefaultDashboardPath = "/_querydoctor";

    /// <summary>
    /// Settings of the shared <see cref="QueryCapture"/> registered in the container (mode, detection thresholds,
    /// parameter values, sinks). When <see cref="QueryDoctorOptions.Logger"/> is not set, the application's
    /// logging is used (category <c>QueryDoctor</c>), so findings are logged when each request ends.
    /// </summary>
    public QueryDoctorOptions Capture { get; } = new();

    /// <summary>A request taking this long or longer is logged as slow (event id 101). Default 1 second.</summary>
    public TimeSpan SlowRequestThreshold { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A statement taking this long or longer is logged as slow (event id 102) when its request ends. Default 0.5 seconds.</summary>
    public TimeSpan SlowQueryThreshold { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Adds a <c>Server-Timing</c> header to every response (default on): <c>db</c> (statement time, with the
    /// statement count as description) and <c>total</c> (time from the start of the request to the first byte).
    /// </summary>
    public bool ServerTimingHeader { get; set; } = true;

    /// <summary>Adds an <c>X-Process-Time</c> header: seconds from the start of the request to the first byte (default off).</summary>
    public bool ProcessTimeHeader { get; set; }

    /// <summary>
    /// Where the dashboard is served (default <c>/_querydoctor</c>); <see langword="null"/> turns it off. Requests under
    /// this path are not recorded.
    /// </summary>
    public string? DashboardPath { get; set; } = DefaultDashboardPath;

    /// <summary>
    /// The authorization policy that guards the dashboard. Without one the dashboard exists only in the
    /// Development environment; with one it exists in every environment and requires the policy.
    /// </summary>
    public string? DashboardPolicy { get; set; }

    /// <summary>Requests kept for the dashboard (default 200, the most recent); none while the dashboard is not mapped.</summary>
    public int RecentRequestCapacity { get; set; } = 200;

    /// <summary>
    /// Which requests get a scope; <see langword="null"/> records every request except the dashboard's own.
    /// Return <see langword="false"/> to leave a request alone (health checks, static files).
    /// </summary>
    public Func<Microsoft.AspNetCore.Http.HttpContext, bool>? RequestFilter { get; set; }

    /// <summary>
    /// The clock for request durations; <see langword="null"/> uses the container's <see cref="TimeProvider"/> when one
    /// is registered, else <see cref="TimeProvider.System"/>. The capture uses the same clock unless
    /// <see cref="QueryDoctorOptions.TimeProvider"/> was set.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>The database engine the dashboard's schema page inspects, when <see cref="SchemaConnection"/> is set.</summary>
    public DatabaseProvider SchemaProvider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Creates a connection to the application's database for the dashboard's schema page (schema findings such as
    /// unindexed foreign keys, read-only catalog queries). <see langword="null"/>: no schema page. The connection is
    /// disposed after each use.
    /// </summary>
    public Func<IServiceProvider, DbConnection>? SchemaConnection { get; set; }

    /// <summary>Turns on the dashboard's schema page.</summary>
    /// <param name="provider">The database engine.</param>
    /// <param name="connection">Creates a (closed) connection to the database; disposed after each use.</param>
    /// <returns>These options, for chaining.</returns>
    public QueryDoctorAspNetCoreOptions InspectSchema(DatabaseProvider provider, Func<IServiceProvider, DbConnection> connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        SchemaProvider = provider;
        SchemaConnection = connection;
        return this;
    }

    /// <summary>Checks every value; all problems are reported together.</summary>
    /// <returns>The problems, empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SlowRequestThreshold <= TimeSpan.Zero)
        {
            errors.Add("SlowRequestThreshold must be positive");
        }

        if (SlowQueryThreshold <= TimeSpan.Zero)
        {
            errors.Add("SlowQueryThreshold must be positive");
        }

        if (DashboardPath is { } path && (path.Length < 2 || path[0] != '/' || path[^1] == '/' || path.Contains('{', StringComparison.Ordinal) || path.Contains('?', StringComparison.Ordinal)))
        {
            errors.Add($"DashboardPath must start with '/', not end with '/', and hold no route parameters or query: '{path}'");
        }

        if (DashboardPolicy is not null && string.IsNullOrWhiteSpace(DashboardPolicy))
        {
            errors.Add("DashboardPolicy must name a policy or be null");
        }

        if (RecentRequestCapacity < 0)
        {
            errors.Add("RecentRequestCapacity must not be negative");
        }

        if (!Enum.IsDefined(SchemaProvider))
        {
            errors.Add("SchemaProvider is not a known provider");
        }

        try
        {
            Capture.Validate();
        }
        catch (ArgumentException exception)
        {
            errors.Add("Capture: " + exception.Message);
        }

        return errors;
    }
}

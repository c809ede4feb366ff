using QueryDoctor.Detection;
using QueryDoctor.Recording;

namespace QueryDoctor.Tests.Detection;

/// <summary>Builds scopes from events in a line each, and runs the scope rules over them.</summary>
internal static class ScopeFixture
{
    public static QueryEvent Q(
        string sql,
        object?[]? values = null,
        string? site = null,
        double? ms = null,
        long? rows = null,
        string? batch = null,
        DateTimeOffset? at = null) => new()
        {
            Sql = sql,
            Parameters = values?.Select((v, i) => new QueryParameter("@p" + i, v)).ToList(),
            CallSite = CallSite.FromText(site),
            Duration = ms is { } d ? TimeSpan.FromMilliseconds(d) : null,
            Rows = rows,
            Batch = batch,
            StartedAt = at,
        };

    public static QueryScope Scope(IEnumerable<QueryEvent> events, DetectionOptions? options = null, double? scopeMs = null, string name = "GET /test")
    {
        var builder = new QueryScopeBuilder(name, options?.Recording);
        foreach (var e in events)
        {
            builder.Add(e);
        }

        if (scopeMs is { } ms)
        {
            builder.SetOutcome(TimeSpan.FromMilliseconds(ms), 200);
        }

        return builder.Build();
    }

    public static IReadOnlyList<Finding> Analyze(IEnumerable<QueryEvent> events, DetectionOptions? options = null, double? scopeMs = null) =>
        new ScopeAnalyzer(options).Analyze(Scope(events, options, scopeMs));

    public static IReadOnlyList<Finding> Rule(this IReadOnlyList<Finding> findings, string rule) =>
        findings.Where(f => f.Rule == rule).ToList();

    public static IEnumerable<QueryEvent> Loop(int times, Func<int, QueryEvent> make) => Enumerable.Range(1, times).Select(make);
}

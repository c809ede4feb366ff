using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.Advisor;

/// <summary>
/// One statement shape of a workload, as the index advisor sees it: a representative text with its
/// parameter values (when known), and how often and how long the shape ran.
/// </summary>
public sealed record WorkloadStatement
{
    /// <summary>The shape.</summary>
    public required SqlFingerprint Fingerprint { get; init; }

    /// <summary>A representative statement text, as sent to the database.</summary>
    public required string Sql { get; init; }

    /// <summary>Its parameter values; <see langword="null"/> when unknown (typed placeholders are used).</summary>
    public IReadOnlyList<QueryParameter>? Parameters { get; init; }

    /// <summary>How many times the shape ran.</summary>
    public required int Count { get; init; }

    /// <summary>The time the shape took in all.</summary>
    public required TimeSpan TotalDuration { get; init; }

    /// <summary>
    /// The statement shapes of analysed scopes, merged across scopes by fingerprint, each with the first
    /// captured statement of its shape as the representative (or the normalised text when the scope kept none).
    /// </summary>
    /// <param name="scopes">The scopes.</param>
    /// <returns>The workload, heaviest shape first.</returns>
    public static IReadOnlyList<WorkloadStatement> FromScopes(IEnumerable<QueryScope> scopes) => FromScopes(scopes, null);

    /// <summary>
    /// The statement shapes of an analysis report: as <see cref="FromScopes(IEnumerable{QueryScope})"/>, and where a scope
    /// kept no statement of a shape (event logs are read without keeping every event), the first text the reader saw.
    /// </summary>
    /// <param name="report">The report of an analysis.</param>
    /// <returns>The workload, heaviest shape first.</returns>
    public static IReadOnlyList<WorkloadStatement> FromReport(Reporting.AnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Workload is { } shapes && report.Scopes.Count == 0)
        {
            return HeaviestFirst(Inspection.SampledStatement.FromShapes(shapes, report.StatementSamples, normalisedFallback: true));
        }

        return FromScopes(report.Scopes, report.StatementSamples);
    }

    private static IReadOnlyList<WorkloadStatement> FromScopes(IEnumerable<QueryScope> scopes, IReadOnlyDictionary<string, string>? texts)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return HeaviestFirst(Inspection.SampledStatement.Collect(scopes, texts, normalisedFallback: true));
    }

    private static IReadOnlyList<WorkloadStatement> HeaviestFirst(IEnumerable<Inspection.SampledStatement> sampled) =>
        [.. sampled
            .Select(s => new WorkloadStatement { Fingerprint = s.Fingerprint, Sql = s.Sample.Sql, Parameters = s.Sample.Parameters, Count = s.Count, TotalDuration = s.TotalDuration })
            .OrderByDescending(s => s.TotalDuration)
            .ThenByDescending(s => s.Count)];
}

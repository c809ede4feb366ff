using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.Advisor;

/// <summary>
/// One statement shape of a workload, as the index advisor sees it: a representative text with its
/// parameter values (when known), and how often and how long the shape ran.
/// </summary>
/// <param name="Fingerprint">The shape.</param>
/// <param name="Sql">A representative statement text, as sent to the database.</param>
/// <param name="Parameters">Its parameter values; <see langword="null"/> when unknown (typed placeholders are used).</param>
/// <param name="Count">How many times the shape ran.</param>
/// <param name="TotalDuration">The time the shape took in all.</param>
public sealed record WorkloadStatement(
    SqlFingerprint Fingerprint,
    string Sql,
    IReadOnlyList<QueryParameter>? Parameters,
    int Count,
    TimeSpan TotalDuration)
{
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
            return [.. Inspection.SampledStatement.FromShapes(shapes, report.StatementSamples, normalisedFallback: true)
                .Select(s => new WorkloadStatement(s.Fingerprint, s.Sample.Sql, s.Sample.Parameters, s.Count, s.TotalDuration))
                .OrderByDescending(s => s.TotalDuration)
                .ThenByDescending(s => s.Count)];
        }

        return FromScopes(report.Scopes, report.StatementSamples);
    }

    private static IReadOnlyList<WorkloadStatement> FromScopes(IEnumerable<QueryScope> scopes, IReadOnlyDictionary<string, string>? texts)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return [.. Inspection.SampledStatement.Collect(scopes, texts, normalisedFallback: true)
            .Select(s => new WorkloadStatement(s.Fingerprint, s.Sample.Sql, s.Sample.Parameters, s.Count, s.TotalDuration))
            .OrderByDescending(s => s.TotalDuration)
            .ThenByDescending(s => s.Count)];
    }
}

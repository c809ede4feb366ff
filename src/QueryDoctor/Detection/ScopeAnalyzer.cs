using QueryDoctor.Detection.CheckThenInsert;
using QueryDoctor.Detection.DuplicateQuery;
using QueryDoctor.Detection.NPlusOne;
using QueryDoctor.Detection.NPlusOneWrite;
using QueryDoctor.Detection.SlowQuery;
using QueryDoctor.Detection.SlowScope;
using QueryDoctor.Detection.TooManyQueries;
using QueryDoctor.Detection.UnboundedResult;

namespace QueryDoctor.Detection;

/// <summary>
/// Runs the built-in scope rules, then any custom detectors, over finished scopes. Each detector runs
/// in isolation: one that throws is reported through <see cref="DetectorFailed"/> and skipped, and the
/// others still run. The same analyzer serves live capture and offline analysis.
/// </summary>
public sealed class ScopeAnalyzer
{
    private readonly (string Rule, IScopeDetector Detector)[] _detectors;

    /// <summary>Creates an analyzer.</summary>
    /// <param name="options">Thresholds and severities; validated here. Defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ScopeAnalyzer(DetectionOptions? options = null)
    {
        Options = options ?? new DetectionOptions();
        Options.Validate();
        (string, IScopeDetector)[] builtIn =
        [
            (RuleIds.NPlusOne, new NPlusOneDetector()),
            (RuleIds.NPlusOneWrite, new NPlusOneWriteDetector()),
            (RuleIds.DuplicateQuery, new DuplicateQueryDetector()),
            (RuleIds.TooManyQueries, new TooManyQueriesDetector()),
            (RuleIds.SlowQuery, new SlowQueryDetector()),
            (RuleIds.SlowScope, new SlowScopeDetector()),
            (RuleIds.UnboundedResult, new UnboundedResultDetector()),
            (RuleIds.CheckThenInsert, new CheckThenInsertDetector()),
        ];
        _detectors = [.. builtIn.Where(d => Options.IsEnabled(d.Item1)), .. Options.Detectors.Select(d => (d.GetType().Name, d))];
    }

    /// <summary>The options in force.</summary>
    public DetectionOptions Options { get; }

    /// <summary>Called when a detector throws: the detector's name and the exception. Must not throw itself.</summary>
    public Action<string, Exception>? DetectorFailed { get; init; }

    /// <summary>Runs every detector over one scope.</summary>
    /// <param name="scope">The finished scope.</param>
    /// <returns>The findings, in rule order.</returns>
    public IReadOnlyList<Finding> Analyze(QueryScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var context = new ScopeDetectionContext(scope, Options);
        var findings = new List<Finding>();
        foreach (var (rule, detector) in _detectors)
        {
            try
            {
                foreach (var finding in detector.Detect(context))
                {
                    if (finding is not null && Options.IsEnabled(finding.Rule))
                    {
                        findings.Add(finding);
                    }
                }
            }
#pragma warning disable CA1031 // A detector must never break the host: any failure is reported and skipped.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                try
                {
                    DetectorFailed?.Invoke(rule, exception);
                }
#pragma warning disable CA1031
                catch
#pragma warning restore CA1031
                {
                    // The failure callback failed too: nothing else can be done without risking the host.
                }
            }
        }

        return findings;
    }
}

using QueryDoctor.Detection;
using QueryDoctor.Sql;

namespace QueryDoctor.Capture;

/// <summary>
/// Collects events of many scopes (a whole event log, or several) and builds the scopes in order of
/// first appearance. A scope's lines need not be contiguous. Not thread-safe: one reader at a time.
/// </summary>
public sealed class WorkloadRecorder
{
    private readonly Dictionary<string, QueryScopeBuilder> _scopes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueryScopeBuilder>.AlternateLookup<ReadOnlySpan<char>> _scopesBySpan;
    private readonly Dictionary<string, CallSite> _callSites = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallSite>.AlternateLookup<ReadOnlySpan<char>> _callSitesBySpan;
    private readonly Dictionary<string, string> _batches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _batchesBySpan;
    private readonly List<QueryScopeBuilder> _order = [];

    /// <summary>Creates an empty recorder.</summary>
    /// <param name="options">Thresholds and bounds for the scopes; defaults when <see langword="null"/>.</param>
    /// <param name="fingerprinter">The fingerprint cache; <see cref="SqlFingerprinter.Shared"/> when <see langword="null"/>.</param>
    public WorkloadRecorder(DetectionOptions? options = null, SqlFingerprinter? fingerprinter = null)
    {
        Options = options ?? new DetectionOptions();
        Fingerprinter = fingerprinter ?? SqlFingerprinter.Shared;
        _scopesBySpan = _scopes.GetAlternateLookup<ReadOnlySpan<char>>();
        _callSitesBySpan = _callSites.GetAlternateLookup<ReadOnlySpan<char>>();
        _batchesBySpan = _batches.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The options the scopes are recorded with.</summary>
    public DetectionOptions Options { get; }

    /// <summary>The fingerprint cache in use.</summary>
    public SqlFingerprinter Fingerprinter { get; }

    /// <summary>Events recorded.</summary>
    public long EventCount { get; private set; }

    /// <summary>Scopes seen so far.</summary>
    public int ScopeCount => _order.Count;

    /// <summary>Records one event in the named scope.</summary>
    /// <param name="scope">The scope's name.</param>
    /// <param name="queryEvent">The event.</param>
    public void Add(string scope, QueryEvent queryEvent)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Scope(scope.AsSpan()).Add(queryEvent);
        EventCount++;
    }

    /// <summary>Records a scope's own outcome (a scope line of the event log).</summary>
    /// <param name="scope">The scope's name.</param>
    /// <param name="duration">The scope's duration, if known.</param>
    /// <param name="status">Its status, if known.</param>
    public void SetOutcome(string scope, TimeSpan? duration, int? status)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Scope(scope.AsSpan()).SetOutcome(duration, status);
    }

    /// <summary>Builds every scope, in order of first appearance.</summary>
    /// <returns>The scopes.</returns>
    public IReadOnlyList<QueryScope> Build() => [.. _order.Select(b => b.Build())];

    internal QueryScopeBuilder Scope(ReadOnlySpan<char> name)
    {
        if (!_scopesBySpan.TryGetValue(name, out var builder))
        {
            var text = name.ToString();
            builder = new QueryScopeBuilder(text, Options, Fingerprinter);
            _scopes.Add(text, builder);
            _order.Add(builder);
        }

        return builder;
    }

    internal CallSite CallSite(ReadOnlySpan<char> text)
    {
        if (text.IsWhiteSpace())
        {
            return QueryDoctor.CallSite.Unknown;
        }

        if (!_callSitesBySpan.TryGetValue(text, out var callSite))
        {
            callSite = QueryDoctor.CallSite.FromText(text.ToString());
            _callSites.Add(callSite.Text, callSite);
        }

        return callSite;
    }

    internal string Batch(ReadOnlySpan<char> id)
    {
        if (!_batchesBySpan.TryGetValue(id, out var batch))
        {
            batch = id.ToString();
            _batches.Add(batch, batch);
        }

        return batch;
    }

    internal void Counted() => EventCount++;
}

using QueryDoctor.Sql;

namespace QueryDoctor.Recording;

/// <summary>
/// Where a streaming <see cref="WorkloadRecorder"/> hands each scope instance when it ends: the analysis (the
/// <c>QueryDoctor.Analysis.ScopeInstanceAnalyzer</c>) implements it, so recording needs nothing from the rules.
/// </summary>
public interface IScopeInstanceSink
{
    /// <summary>What the recorder's builders keep and count.</summary>
    RecordingOptions Recording { get; }

    /// <summary>
    /// Whether an instance handed over may still be held after <see cref="Add"/> returns (a custom rule could keep
    /// it): the recorder then never reuses that instance's statement groups for the next one.
    /// </summary>
    bool MayKeepInstances { get; }

    /// <summary>An instance ended, or was pushed out early because too many were open.</summary>
    /// <param name="instance">The finished instance.</param>
    /// <param name="judgedEarly">Whether it was pushed out before its end.</param>
    void Add(QueryScope instance, bool judgedEarly);

    /// <summary>Statements arrived for an instance that already ended.</summary>
    /// <param name="events">How many.</param>
    void CountLate(long events);

    /// <summary>The first executed text of a statement shape, for rules that explain statements later.</summary>
    /// <param name="fingerprint">The shape.</param>
    /// <param name="sql">The executed text.</param>
    void AddStatementText(SqlFingerprint fingerprint, ReadOnlySpan<char> sql);
}

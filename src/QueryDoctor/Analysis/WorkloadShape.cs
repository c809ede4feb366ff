using QueryDoctor.Sql;

namespace QueryDoctor.Analysis;

/// <summary>
/// One statement shape of a workload merged over every instance judged so far: the first raw event of the shape
/// an instance kept (to explain), where it ran, and its totals. Immutable: a snapshot's copy.
/// </summary>
/// <param name="Fingerprint">The shape.</param>
/// <param name="Sample">The first raw event of the shape an instance kept; <see langword="null"/> when none kept one (event logs keep none).</param>
/// <param name="Scope">The scope name the shape was first seen in.</param>
/// <param name="CallSite">The call site of its first group.</param>
/// <param name="Count">Executions over all instances.</param>
/// <param name="TotalDuration">Time over all instances.</param>
internal sealed record WorkloadShape(SqlFingerprint Fingerprint, QueryEvent? Sample, string Scope, CallSite CallSite, long Count, TimeSpan TotalDuration);

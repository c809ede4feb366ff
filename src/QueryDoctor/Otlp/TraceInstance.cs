namespace QueryDoctor.Otlp;

/// <summary>One scope instance assembled from a trace: a local root span and the statements under it.</summary>
/// <param name="Name">The scope name (<c>METHOD route</c> or the root span's name).</param>
/// <param name="ScopeId">The instance's id: the trace id and the root's span id, <c>traceId-spanId</c>.</param>
/// <param name="Statements">The database statements, in start order.</param>
/// <param name="Duration">The root span's duration, when known.</param>
/// <param name="Status">The root span's HTTP status, when known.</param>
/// <param name="JudgedEarly">Whether the trace was pushed out by the bound on open traces before it was quiet.</param>
internal sealed record TraceInstance(string Name, string ScopeId, IReadOnlyList<QueryEvent> Statements, TimeSpan? Duration, int? Status, bool JudgedEarly = false);

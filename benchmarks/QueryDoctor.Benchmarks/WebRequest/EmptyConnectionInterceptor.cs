using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>
/// A connection interceptor that does nothing: what EF Core's open/close event data costs once one is registered
/// (probe only: <c>QD_PROBE_CONNECTION_INTERCEPTOR=1</c> adds it to the empty-interceptor variant).
/// </summary>
public sealed class EmptyConnectionInterceptor : DbConnectionInterceptor
{
}

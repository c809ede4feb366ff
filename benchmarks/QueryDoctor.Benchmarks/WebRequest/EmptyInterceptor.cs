using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>A command interceptor that overrides nothing: what EF's interception path costs by itself.</summary>
public sealed class EmptyInterceptor : DbCommandInterceptor
{
}

using System.Reflection;
using System.Runtime.CompilerServices;
using QueryDoctor.Capture;
using Shouldly;

namespace QueryDoctor.Tests.Capture;

/// <summary>The shipped packages reach the core through its public API; internals are for tests and benchmarks.</summary>
public sealed class InternalsVisibilityTests
{
    [Theory]
    [InlineData("QueryDoctor.EntityFrameworkCore")]
    [InlineData("QueryDoctor.AspNetCore")]
    [InlineData("QueryDoctor.Testing")]
    [InlineData("QueryDoctor.Cli")]
    public void Core_ShippedPackage_IsNotGrantedInternals(string package)
    {
        GrantedInternals().ShouldNotContain(package);
    }

    [Fact]
    public void Core_Internals_AreGrantedOnlyToTestsAndBenchmarks()
    {
        GrantedInternals().ShouldAllBe(name => name.EndsWith(".Tests", StringComparison.Ordinal) || name == "QueryDoctor.Benchmarks");
    }

    private static IEnumerable<string> GrantedInternals() =>
        typeof(QueryCapture).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName);
}

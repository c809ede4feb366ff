using System.Reflection;
using System.Runtime.CompilerServices;
using QueryDoctor.Capture;
using Shouldly;

namespace QueryDoctor.Tests.Capture;

/// <summary>The shipped packages reach the core through its public API; internals are for tests and benchmarks.</summary>
public sealed class InternalsVisibilityTests
{
    [Theory]
    [InlineData("QueryDoctor.AspNetCore")]
    [InlineData("QueryDoctor.Testing")]
    public void Core_ShippedPackage_IsNotGrantedInternals(string package)
    {
        var granted = typeof(QueryCapture).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName);

        granted.ShouldNotContain(package);
    }
}

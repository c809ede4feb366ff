using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace QueryDoctor.Analyzers.Tests.Support;

/// <summary>
/// Compiles test code against the assemblies this test process runs on (the .NET 10 runtime and the real EF Core
/// packages it references), so no reference-assembly package is downloaded at test time.
/// </summary>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> All = new(Load);

    /// <summary>Reference assemblies with nothing in them: <see cref="Assemblies"/> provides the framework instead.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    /// <summary>The runtime's and this test's assemblies, minus the analyzer's own and the test framework's.</summary>
    public static ImmutableArray<MetadataReference> Assemblies => All.Value;

    private static ImmutableArray<MetadataReference> Load()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.StartsWith("QueryDoctor.Analyzers", StringComparison.Ordinal) || name.StartsWith("xunit", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || !seen.Add(name))
            {
                continue;
            }

            builder.Add(MetadataReference.CreateFromFile(path));
        }

        return builder.ToImmutable();
    }
}

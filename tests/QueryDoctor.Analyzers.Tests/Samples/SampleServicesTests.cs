using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using QueryDoctor.Analyzers.Tests.Support;
using Shouldly;

namespace QueryDoctor.Analyzers.Tests.Samples;

/// <summary>
/// Runs the analyzer over the real source files of samples/QueryDoctor.Samples (compiled here with EF Core, the
/// QueryDoctor packages and the providers they use): the naive services are flagged where they loop over the database,
/// the optimised ones are clean.
/// </summary>
public sealed class SampleServicesTests
{
    private static readonly Lazy<Task<SampleAnalysis>> Analysis = new(SampleAnalysis.RunAsync);

    [Fact]
    public async Task Samples_CompileWithoutErrors_AnalyzerSeesRealCode()
    {
        var analysis = await Analysis.Value;
        analysis.Files.Count.ShouldBeGreaterThan(40);
        analysis.CompilerErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task NaiveScheduler_QueryPerDayAndLazyNavigations_Flagged()
    {
        var analysis = await Analysis.Value;
        analysis.In("TimeLedger/NaiveScheduler.cs").ShouldBe(
        [
            "QD0001 DetectPhaseTransitions SingleOrDefault()",
            "QD0005 ExpandRules Offering",
            "QD0005 ExpandRules Room",
            "QD0005 ExpandRules Teacher",
        ]);
    }

    [Fact]
    public async Task NaiveCalendarService_LazyNavigationsPerElement_Flagged()
    {
        var analysis = await Analysis.Value;
        analysis.In("DateTree/NaiveCalendarService.cs").ShouldBe(
        [
            "QD0005 Overview User",
            "QD0005 Overview Items",
            "QD0005 Overview Votes",
        ]);
    }

    [Fact]
    public async Task NaiveStudioService_LazyAssetsAndSaveChangesPerRow_Flagged()
    {
        var analysis = await Analysis.Value;
        analysis.In("Studio/NaiveStudioService.cs").ShouldBe(
        [
            "QD0005 ListProjects Assets",
            "QD0005 Cleanup Assets",
            "QD0003 Cleanup SaveChanges()",
            "QD0005 Cleanup Assets",
            "QD0003 Cleanup SaveChanges()",
            "QD0003 Cleanup SaveChanges()",
        ]);
    }

    [Theory]
    [InlineData("TimeLedger/OptimisedScheduler.cs")]
    [InlineData("DateTree/OptimisedCalendarService.cs")]
    [InlineData("Studio/OptimisedStudioService.cs")]
    [InlineData("Studio/AssetGeneration.cs")]
    public async Task OptimisedServices_Clean(string file)
    {
        var analysis = await Analysis.Value;
        analysis.Files.ShouldContain(file);
        analysis.In(file).ShouldBeEmpty();
    }

    [Fact]
    public async Task RestOfSamples_OnlyNaiveFilesFlagged()
    {
        var analysis = await Analysis.Value;
        var flagged = analysis.Files.Where(f => analysis.In(f).Count > 0).ToList();
        flagged.ShouldBe(["DateTree/NaiveCalendarService.cs", "Studio/NaiveStudioService.cs", "TimeLedger/NaiveScheduler.cs"], ignoreOrder: true);
    }

    /// <summary>The sample project compiled from its files on disk, and the analyzer's diagnostics per file.</summary>
    private sealed class SampleAnalysis
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;
        private readonly string _root;

        private SampleAnalysis(string root, IReadOnlyList<string> files, IReadOnlyList<string> compilerErrors, ImmutableArray<Diagnostic> diagnostics)
        {
            _root = root;
            Files = files;
            CompilerErrors = compilerErrors;
            _diagnostics = diagnostics;
        }

        public IReadOnlyList<string> Files { get; }

        public IReadOnlyList<string> CompilerErrors { get; }

        /// <summary>"id method text" for each diagnostic of one file, in source order.</summary>
        public List<string> In(string file) =>
            _diagnostics
                .Where(d => Relative(d.Location.SourceTree!.FilePath) == file)
                .OrderBy(d => d.Location.SourceSpan.Start)
                .Select(d => $"{d.Id} {Method(d)} {d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)}")
                .ToList();

        public static async Task<SampleAnalysis> RunAsync()
        {
            var root = Path.Combine(RepositoryRoot(), "samples", "QueryDoctor.Samples");
            var paths = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
            var options = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = new List<SyntaxTree>
            {
                // The SDK's implicit usings for a plain library project.
                CSharpSyntaxTree.ParseText(
                    "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; "
                    + "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;",
                    options,
                    "GlobalUsings.g.cs"),
            };
            foreach (var path in paths)
            {
                trees.Add(CSharpSyntaxTree.ParseText(await File.ReadAllTextAsync(path), options, path));
            }

            var compilation = CSharpCompilation.Create(
                "QueryDoctor.Samples",
                trees,
                TestReferences.Assemblies,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var errors = compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => d.ToString())
                .ToList();
            var diagnostics = await compilation
                .WithAnalyzers([new LoopQueryAnalyzer()])
                .GetAnalyzerDiagnosticsAsync();
            return new SampleAnalysis(root, paths.Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).ToList(), errors, diagnostics);
        }

        private string Relative(string path) => Path.GetRelativePath(_root, path).Replace('\\', '/');

        private static string Method(Diagnostic diagnostic)
        {
            var node = diagnostic.Location.SourceTree!.GetRoot().FindNode(diagnostic.Location.SourceSpan);
            return node.AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText ?? "?";
        }

        private static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "QueryDoctor.slnx")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("QueryDoctor.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}

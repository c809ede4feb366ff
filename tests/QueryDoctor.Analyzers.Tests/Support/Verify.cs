using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace QueryDoctor.Analyzers.Tests.Support;

/// <summary>Runs <see cref="LoopQueryAnalyzer"/> (and a code fix) over test code with the Roslyn testing library's default verifier.</summary>
internal static class Verify
{
    /// <summary>
    /// Asserts that <paramref name="source"/> (a method body wrapped by the caller in a class using <c>Shop</c>) gets
    /// exactly the diagnostics marked in it, as <c>{|QD0001:span|}</c>.
    /// </summary>
    public static Task AnalyzerAsync(string source)
    {
        var test = new CSharpAnalyzerTest<LoopQueryAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.None,
        };
        test.TestState.Sources.Add((ShopModel.FileName, ShopModel.Source));
        test.TestState.AdditionalReferences.AddRange(TestReferences.Assemblies);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Wraps statements in an async method of a class in namespace <c>Shop</c> with a context and some inputs in scope.</summary>
    public static string InMethod(string statements) => $$"""
        namespace Shop;

        public class Service
        {
            public async Task<int> RunAsync(ShopContext context, List<int> ids, List<Customer> customers, int[] numbers, CancellationToken token)
            {
                await Task.Yield();
        {{statements}}
                return 0;
            }
        }
        """;

    /// <summary>Asserts the diagnostics marked in <paramref name="source"/> and that the fix turns it into <paramref name="fixedSource"/>.</summary>
    public static Task CodeFixAsync<TCodeFix>(string source, string fixedSource, int iterations = 1)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<LoopQueryAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.None,
            NumberOfFixAllIterations = iterations,
            NumberOfIncrementalIterations = iterations,
        };
        test.TestState.Sources.Add((ShopModel.FileName, ShopModel.Source));
        test.FixedState.Sources.Add((ShopModel.FileName, ShopModel.Source));
        test.TestState.AdditionalReferences.AddRange(TestReferences.Assemblies);
        return test.RunAsync(TestContext.Current.CancellationToken);
    }
}

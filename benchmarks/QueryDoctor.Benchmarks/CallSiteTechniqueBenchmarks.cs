using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// Issue 17: candidate ways to learn "which user frame issued this command", 40 frames below the caller (about an
/// EF Core async query's depth under an ASP.NET Core request): a full walk without file information (what the
/// resolver does when it must), one frame at a known depth (<c>new StackFrame(n)</c>, to confirm a remembered
/// place), and a cache lookup by statement shape with no stack access at all.
/// <c>dotnet run -c Release --project benchmarks/QueryDoctor.Benchmarks -- --filter '*CallSiteTechnique*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class CallSiteTechniqueBenchmarks
{
    private const int Depth = 40;
    private readonly Dictionary<string, string> _byShape = new(StringComparer.Ordinal) { ["SELECT 1"] = "Site" };

    [Benchmark(Baseline = true, Description = "StackTrace(1, false) walk, first frame past depth")]
    public int FullWalk() => Recurse(Depth, static () =>
    {
        var frames = new StackTrace(1, fNeedFileInfo: false).GetFrames();
        return frames.Length > Depth ? frames[Depth].GetILOffset() : -1;
    });

    [Benchmark(Description = "new StackFrame(depth, false), method + IL offset")]
    public int OneFrame() => Recurse(Depth, static () =>
    {
        var frame = new StackFrame(Depth + 1, needFileInfo: false);
        return frame.GetMethod() is null ? -1 : frame.GetILOffset();
    });

    [Benchmark(Description = "cache lookup by statement shape (no stack)")]
    public int ShapeLookup() => Recurse(Depth, () => _byShape.TryGetValue("SELECT 1", out var site) ? site.Length : -1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Recurse(int depth, Func<int> leaf) => depth == 0 ? leaf() : Recurse(depth - 1, leaf) + 0;
}

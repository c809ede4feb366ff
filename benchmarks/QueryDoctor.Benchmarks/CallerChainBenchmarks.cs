using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using QueryDoctor.Capture;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// The cost of a call site with its caller chain (issue 21): the stack walk alone (the floor every call-site capture
/// pays) vs <see cref="CallSiteResolver.Capture"/>, which walks once, keys its cache by up to three user frames and
/// returns the cached call site with its callers. Called three user frames deep, as a repository method in a loop is.
/// </summary>
[MemoryDiagnoser]
public class CallerChainBenchmarks
{
    private readonly CallSiteResolver _resolver = new(static a => a == typeof(CallerChainBenchmarks).Assembly);

    [GlobalSetup]
    public void Warm() => Outer(capture: true);

    [Benchmark(Baseline = true)]
    public object? StackWalkOnly() => Outer(capture: false);

    [Benchmark]
    public object? CaptureWithCallers() => Outer(capture: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private object? Outer(bool capture) => Middle(capture);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private object? Middle(bool capture) => Inner(capture);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private object? Inner(bool capture)
    {
        if (capture)
        {
            return _resolver.Capture();
        }

        foreach (var frame in new StackTrace(1, fNeedFileInfo: false).GetFrames())
        {
            if (frame.GetMethod()?.DeclaringType?.Assembly == typeof(CallerChainBenchmarks).Assembly)
            {
                return frame;
            }
        }

        return null;
    }
}

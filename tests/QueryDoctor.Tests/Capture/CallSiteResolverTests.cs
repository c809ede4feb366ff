using QueryDoctor.Capture;

namespace QueryDoctor.Tests.Capture;

public sealed class CallSiteResolverTests
{
    [Fact]
    public void Capture_FromTestCode_NamesThisMethodWithFileAndLine()
    {
        var site = new CallSiteResolver(a => a == typeof(CallSiteResolverTests).Assembly).Capture();
        Assert.Equal("QueryDoctor.Tests.Capture.CallSiteResolverTests.Capture_FromTestCode_NamesThisMethodWithFileAndLine", site.Method);
        Assert.EndsWith("CallSiteResolverTests.cs", site.File);
        Assert.True(site.Line > 0);
        Assert.Contains("(CallSiteResolverTests.cs:", site.Text);
    }

    [Fact]
    public async Task Capture_InsideAsyncMethodAndLambda_UndoesCompilerNames()
    {
        var resolver = new CallSiteResolver(a => a == typeof(CallSiteResolverTests).Assembly);
        await Task.Yield();
        var inAsync = resolver.Capture();
        var inLambda = new Func<CallSite>(() => resolver.Capture())();
        Assert.Equal("QueryDoctor.Tests.Capture.CallSiteResolverTests.Capture_InsideAsyncMethodAndLambda_UndoesCompilerNames", inAsync.Method);
        Assert.Equal(inAsync.Method, inLambda.Method);
    }

    [Fact]
    public void Capture_NoUserFrame_IsUnknown()
    {
        Assert.True(new CallSiteResolver(_ => false).Capture().IsUnknown);
    }

    [Fact]
    public void Capture_ThrowingPredicate_MeansNotUserCode()
    {
        Assert.True(new CallSiteResolver(_ => throw new InvalidOperationException()).Capture().IsUnknown);
    }

    [Fact]
    public void IsApplicationAssembly_ProjectsAreUserCode_LibrariesAndQueryDoctorAreNot()
    {
        Assert.True(CallSiteResolver.IsApplicationAssembly(typeof(CallSiteResolverTests).Assembly));
        Assert.False(CallSiteResolver.IsApplicationAssembly(typeof(CallSite).Assembly));
        Assert.False(CallSiteResolver.IsApplicationAssembly(typeof(object).Assembly));
        Assert.False(CallSiteResolver.IsApplicationAssembly(typeof(FactAttribute).Assembly));
    }

    [Fact]
    public void Capture_SameLocationAgain_ComesFromTheCacheWithItsLine()
    {
        var resolver = new CallSiteResolver(a => a == typeof(CallSiteResolverTests).Assembly);
        var sites = new List<CallSite>();
        for (var i = 0; i < 3; i++)
        {
            sites.Add(resolver.Capture());
        }

        Assert.Same(sites[0], sites[1]);
        Assert.Same(sites[0], sites[2]);
        Assert.True(sites[0].Line > 0);
    }

    [Fact]
    public void Capture_TwoLinesOfOneMethod_AreTwoCallSites()
    {
        var resolver = new CallSiteResolver(a => a == typeof(CallSiteResolverTests).Assembly);
        var first = resolver.Capture();
        var second = resolver.Capture();

        Assert.Equal(first.Method, second.Method);
        Assert.Equal(first.Line + 1, second.Line);
        Assert.NotEqual(first.Text, second.Text);
    }
}

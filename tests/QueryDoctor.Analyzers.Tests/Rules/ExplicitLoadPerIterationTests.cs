using QueryDoctor.Analyzers.Tests.Support;

namespace QueryDoctor.Analyzers.Tests.Rules;

/// <summary>QD0002: explicit loading (<c>Entry(x).Collection(...).Load()</c>, <c>Reference(...).Load()</c>) per iteration.</summary>
public sealed class ExplicitLoadPerIterationTests
{
    [Theory]
    [InlineData("foreach (var c in customers) { context.Entry(c).Collection(x => x.Orders).{|QD0002:Load()|}; }")]
    [InlineData("foreach (var c in customers) { context.Entry(c).Reference(x => x.Home).{|QD0002:Load()|}; }")]
    [InlineData("foreach (var c in customers) { await context.Entry(c).Collection(x => x.Orders).{|QD0002:LoadAsync(token)|}; }")]
    [InlineData("foreach (var c in customers) { await context.Entry(c).Reference(x => x.Home).{|QD0002:LoadAsync()|}.ConfigureAwait(false); }")]
    [InlineData("foreach (var c in customers) { context.Entry(c).Navigation(\"Orders\").{|QD0002:Load()|}; }")]
    [InlineData("customers.ForEach(c => context.Entry(c).Collection(x => x.Addresses).{|QD0002:Load()|});")]
    [InlineData("foreach (var id in ids) { foreach (var c in customers) { context.Entry(c).Collection(x => x.Orders).{|QD0002:Load()|}; } }")]
    [InlineData("foreach (var c in customers) { var n = context.Entry(c).Collection(x => x.Orders).Query().{|QD0001:Count()|}; }")]
    public Task ExplicitLoad_PerIteration_Reported(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));

    [Theory]
    [InlineData("var first = customers[0]; context.Entry(first).Collection(x => x.Orders).Load();")]
    [InlineData("context.Entry(customers[0]).Reference(x => x.Home).Load(); foreach (var c in customers) { var n = c.Name; }")]
    [InlineData("foreach (var c in customers) { var loaded = context.Entry(c).Collection(x => x.Orders).IsLoaded; }")]
    public Task ExplicitLoad_Once_Silent(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));
}

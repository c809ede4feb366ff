using QueryDoctor.Analyzers.Tests.Support;

namespace QueryDoctor.Analyzers.Tests.Rules;

/// <summary>QD0004: two sibling collection navigations included in one query without AsSplitQuery().</summary>
public sealed class SiblingCollectionIncludeTests
{
    [Theory]
    [InlineData("var r = context.Customers.Include(c => c.Orders).{|QD0004:Include(c => c.Addresses)|}.ToList();")]
    [InlineData("var r = await context.Customers.Where(c => c.Id > 0).Include(c => c.Orders).{|QD0004:Include(c => c.Addresses)|}.ToListAsync(token);")]
    [InlineData("var r = context.Orders.Include(o => o.Lines).{|QD0004:Include(o => o.Payments)|}.FirstOrDefault();")]
    [InlineData("var r = context.Customers.Include(c => c.Orders).ThenInclude(o => o.Lines).Include(c => c.Orders).{|QD0004:ThenInclude(o => o.Payments)|}.ToList();")]
    [InlineData("var r = context.Customers.Include(c => c.Orders.Where(o => o.Total > 0)).{|QD0004:Include(c => c.Addresses.OrderBy(a => a.City))|}.ToList();")]
    [InlineData("var q = context.Customers.Include(c => c.Orders).{|QD0004:Include(c => c.Addresses)|};")]
    public Task SiblingCollections_SingleQuery_Reported(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));

    [Theory]
    [InlineData("var r = context.Customers.Include(c => c.Orders).Include(c => c.Addresses).AsSplitQuery().ToList();")]
    [InlineData("var r = context.Customers.AsSplitQuery().Include(c => c.Orders).Include(c => c.Addresses).ToList();")]
    [InlineData("var r = context.Customers.Include(c => c.Orders).Include(c => c.Addresses).AsSingleQuery().ToList();")]
    [InlineData("var r = context.Customers.Include(c => c.Orders).ThenInclude(o => o.Lines).ToList();")]
    [InlineData("var r = context.Customers.Include(c => c.Orders).Include(c => c.Home).ToList();")]
    [InlineData("var r = context.Orders.Include(o => o.Customer).ThenInclude(c => c.Addresses).Include(o => o.Lines).ToList();")]
    [InlineData("var r = context.Customers.Include(c => c.Orders).ToList();")]
    public Task NotSiblings_OrSplit_Silent(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));
}

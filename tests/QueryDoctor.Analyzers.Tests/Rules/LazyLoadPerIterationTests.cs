using QueryDoctor.Analyzers.Tests.Support;

namespace QueryDoctor.Analyzers.Tests.Rules;

/// <summary>QD0005: a virtual (lazy-loaded) navigation read per element of entities a query loaded without it.</summary>
public sealed class LazyLoadPerIterationTests
{
    [Theory]
    [InlineData("var orders = context.Orders.ToList(); foreach (var o in orders) { var name = o.{|QD0005:Customer|}.Name; }")]
    [InlineData("foreach (var c in context.Customers.Where(c => c.Id > 0).ToList()) { var n = c.{|QD0005:Orders|}.Count; }")]
    [InlineData("var list = await context.Customers.ToListAsync(token); var r = list.Select(c => c.{|QD0005:Home|}.City).ToList();")]
    [InlineData("var c1 = context.Customers.Single(c => c.Id == 1); var r = c1.Orders.Select(o => o.{|QD0005:Lines|}.Count).ToList();")]
    [InlineData("var c1 = context.Customers.Find(1)!; foreach (var o in c1.Orders) { var n = o.{|QD0005:Payments|}.Count; }")]
    [InlineData("var c1 = context.Customers.Include(c => c.Orders).Single(c => c.Id == 1); var r = c1.Orders.Select(o => o.{|QD0005:Lines|}.Count).ToList();")]
    public Task Navigation_FromQueryWithoutInclude_Reported(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));

    [Theory]
    [InlineData("var orders = context.Orders.Include(o => o.Customer).ToList(); foreach (var o in orders) { var name = o.Customer.Name; }")]
    [InlineData("var orders = context.Orders.Include(\"Customer\").ToList(); foreach (var o in orders) { var name = o.Customer.Name; }")]
    [InlineData("var c1 = context.Customers.Include(c => c.Orders).ThenInclude(o => o.Lines).Single(c => c.Id == 1); var r = c1.Orders.Select(o => o.Lines.Count).ToList();")]
    [InlineData("foreach (var c in customers) { var n = c.Orders.Count; }")]
    [InlineData("var r = context.Customers.Select(c => c.Home.City).ToList();")]
    [InlineData("var orders = context.Orders.ToList(); var first = orders[0].Customer.Name;")]
    [InlineData("var orders = context.Orders.ToList(); foreach (var o in orders) { o.Customer = new Customer(); var t = o.Total; }")]
    public Task Navigation_IncludedOrUnknownOrigin_Silent(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));
}

using QueryDoctor.Analyzers.Tests.Support;

namespace QueryDoctor.Analyzers.Tests.CodeFixes;

/// <summary>The QD0004 fix appends AsSplitQuery() after the query's last Include.</summary>
public sealed class AsSplitQueryCodeFixTests
{
    [Fact]
    public Task AsSplitQuery_OneLineChain_AppendedAfterLastInclude() => Verify.CodeFixAsync<AsSplitQueryCodeFix>(
        Verify.InMethod("        var r = context.Customers.Include(c => c.Orders).{|QD0004:Include(c => c.Addresses)|}.ToList();"),
        Verify.InMethod("        var r = context.Customers.Include(c => c.Orders).Include(c => c.Addresses).AsSplitQuery().ToList();"));

    [Fact]
    public Task AsSplitQuery_ChainOnePerLine_OnItsOwnLine() => Verify.CodeFixAsync<AsSplitQueryCodeFix>(
        Verify.InMethod("""
                var r = await context.Customers
                    .Include(c => c.Orders)
                    .ThenInclude(o => o.Lines)
                    .{|QD0004:Include(c => c.Addresses)|}
                    .ToListAsync(token);
        """),
        Verify.InMethod("""
                var r = await context.Customers
                    .Include(c => c.Orders)
                    .ThenInclude(o => o.Lines)
                    .Include(c => c.Addresses)
                    .AsSplitQuery()
                    .ToListAsync(token);
        """));
}

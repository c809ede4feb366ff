using QueryDoctor.Analyzers.Tests.Support;

namespace QueryDoctor.Analyzers.Tests.CodeFixes;

/// <summary>The QD0003 fix moves SaveChanges after the loop, only where nothing after it in the body depends on it.</summary>
public sealed class SaveChangesOutOfLoopCodeFixTests
{
    [Fact]
    public Task SaveChanges_LastInBody_MovedAfterLoop() => Verify.CodeFixAsync<SaveChangesOutOfLoopCodeFix>(
        Verify.InMethod("""
                var added = 0;
                foreach (var id in ids)
                {
                    context.Orders.Add(new Order { CustomerId = id });
                    context.{|QD0003:SaveChanges()|};
                    added++;
                }
        """),
        Verify.InMethod("""
                var added = 0;
                foreach (var id in ids)
                {
                    context.Orders.Add(new Order { CustomerId = id });
                    added++;
                }
                context.SaveChanges();
        """));

    [Fact]
    public Task SaveChangesAsync_Awaited_MovedAfterLoop() => Verify.CodeFixAsync<SaveChangesOutOfLoopCodeFix>(
        Verify.InMethod("""
                for (var i = 0; i < 3; i++)
                {
                    context.Orders.Add(new Order { CustomerId = i });
                    await context.{|QD0003:SaveChangesAsync(token)|}.ConfigureAwait(false);
                }
        """),
        Verify.InMethod("""
                for (var i = 0; i < 3; i++)
                {
                    context.Orders.Add(new Order { CustomerId = i });
                }
                await context.SaveChangesAsync(token).ConfigureAwait(false);
        """));

    [Theory]
    [InlineData("foreach (var id in ids) { var o = new Order { CustomerId = id }; context.Orders.Add(o); context.{|QD0003:SaveChanges()|}; Console.WriteLine(o.Id); }")]
    [InlineData("foreach (var id in ids) { context.Orders.Add(new Order { CustomerId = id }); context.{|QD0003:SaveChanges()|}; var n = context.Orders.{|QD0001:Count()|}; }")]
    [InlineData("foreach (var id in ids) { if (id < 0) { return -1; } context.Orders.Add(new Order { CustomerId = id }); context.{|QD0003:SaveChanges()|}; }")]
    [InlineData("foreach (var id in ids) { context.Orders.Add(new Order { CustomerId = id }); if (id > 0) { context.{|QD0003:SaveChanges()|}; } }")]
    [InlineData("foreach (var id in ids) { context.Orders.Add(new Order { CustomerId = id }); var saved = context.{|QD0003:SaveChanges()|}; }")]
    [InlineData("foreach (var id in ids) { using var own = new ShopContext(); own.Orders.Add(new Order { CustomerId = id }); own.{|QD0003:SaveChanges()|}; }")]
    [InlineData("foreach (var id in ids) { if (!context.Orders.{|QD0001:Any(o => o.CustomerId == id)|}) { context.Orders.Add(new Order { CustomerId = id }); } context.{|QD0003:SaveChanges()|}; }")]
    [InlineData("while (context.Orders.Any(o => o.Total < 0)) { var o = context.Orders.{|QD0001:First(x => x.Total < 0)|}; o.Total = 0; context.{|QD0003:SaveChanges()|}; }")]
    public Task SaveChanges_SomethingDependsOnIt_NoFix(string statements) => Verify.CodeFixAsync<SaveChangesOutOfLoopCodeFix>(
        Verify.InMethod(statements), Verify.InMethod(statements), iterations: 0);
}

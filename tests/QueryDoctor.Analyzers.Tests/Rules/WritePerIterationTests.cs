using QueryDoctor.Analyzers.Tests.Support;

namespace QueryDoctor.Analyzers.Tests.Rules;

/// <summary>QD0003: SaveChanges, ExecuteUpdate/ExecuteDelete or raw SQL commands per iteration.</summary>
public sealed class WritePerIterationTests
{
    [Theory]
    [InlineData("foreach (var id in ids) { context.Orders.Add(new Order { CustomerId = id }); context.{|QD0003:SaveChanges()|}; }")]
    [InlineData("foreach (var id in ids) { context.Orders.Add(new Order { CustomerId = id }); await context.{|QD0003:SaveChangesAsync(token)|}; }")]
    [InlineData("for (var i = 0; i < 3; i++) { context.Orders.Add(new Order()); await context.{|QD0003:SaveChangesAsync()|}.ConfigureAwait(false); }")]
    [InlineData("customers.ForEach(c => { c.Name = c.Name.Trim(); context.{|QD0003:SaveChanges()|}; });")]
    [InlineData("foreach (var id in ids) { context.Orders.Where(o => o.Id == id).{|QD0003:ExecuteDelete()|}; }")]
    [InlineData("foreach (var id in ids) { await context.Orders.Where(o => o.Id == id).{|QD0003:ExecuteUpdateAsync(s => s.SetProperty(o => o.Total, 0m), token)|}; }")]
    [InlineData("foreach (var id in ids) { context.Database.{|QD0003:ExecuteSqlRaw(\"DELETE FROM orders WHERE id = {0}\", id)|}; }")]
    [InlineData("foreach (var c in customers) { foreach (var o in c.Orders) { o.Total = 0; context.{|QD0003:SaveChanges()|}; } }")]
    public Task Write_PerIteration_Reported(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));

    [Theory]
    [InlineData("foreach (var id in ids) { context.Orders.Add(new Order { CustomerId = id }); } context.SaveChanges();")]
    [InlineData("foreach (var id in ids) { context.Orders.Add(new Order { CustomerId = id }); } await context.SaveChangesAsync(token);")]
    [InlineData("context.Orders.Where(o => ids.Contains(o.Id)).ExecuteDelete();")]
    [InlineData("foreach (var chunk in ids.Chunk(100)) { context.Orders.AddRange(chunk.Select(id => new Order { CustomerId = id })); context.SaveChanges(); }")]
    public Task Write_OnceOrPerBatch_Silent(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));
}

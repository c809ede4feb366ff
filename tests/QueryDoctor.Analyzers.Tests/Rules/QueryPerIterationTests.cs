using QueryDoctor.Analyzers.Tests.Support;

namespace QueryDoctor.Analyzers.Tests.Rules;

/// <summary>QD0001: a query executed once per loop iteration or per element of an in-memory sequence.</summary>
public sealed class QueryPerIterationTests
{
    [Theory]
    [InlineData("foreach (var id in ids) { var c = context.Customers.Where(x => x.Id == id).{|QD0001:ToList()|}; }")]
    [InlineData("for (var i = 0; i < ids.Count; i++) { var c = context.Customers.{|QD0001:First(x => x.Id == ids[i])|}; }")]
    [InlineData("var n = 0; while (n < 10) { n += context.Orders.{|QD0001:Count(o => o.Total > n)|}; }")]
    [InlineData("var n = 0; do { n += context.Orders.{|QD0001:Count(o => o.Total > n)|}; } while (n < 10);")]
    [InlineData("foreach (var id in ids) { var c = context.Customers.{|QD0001:SingleOrDefault(x => x.Id == id)|}; }")]
    [InlineData("foreach (var id in ids) { var any = context.Orders.{|QD0001:Any(o => o.CustomerId == id)|}; }")]
    [InlineData("foreach (var id in ids) { var sum = context.Orders.Where(o => o.CustomerId == id).{|QD0001:Sum(o => o.Total)|}; }")]
    [InlineData("foreach (var id in ids) { var max = context.Orders.Where(o => o.CustomerId == id).{|QD0001:Max(o => o.Total)|}; }")]
    [InlineData("foreach (var id in ids) { var n = context.Orders.{|QD0001:LongCount(o => o.CustomerId == id)|}; }")]
    [InlineData("foreach (var id in ids) { var a = context.Orders.Where(o => o.CustomerId == id).{|QD0001:ToArray()|}; }")]
    [InlineData("foreach (var id in ids) { var d = context.Orders.Where(o => o.CustomerId == id).{|QD0001:ToDictionary(o => o.Id)|}; }")]
    [InlineData("foreach (var id in ids) { var c = context.Customers.{|QD0001:Find(id)|}; }")]
    [InlineData("foreach (var id in ids) { var c = context.Set<Customer>().{|QD0001:Last(x => x.Id == id)|}; }")]
    [InlineData("foreach (var id in ids) { var c = context.Customers.AsNoTracking().AsEnumerable().Where(x => x.Id == id).{|QD0001:ToList()|}; }")]
    public Task SyncExecution_InLoopBody_Reported(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));

    [Theory]
    [InlineData("foreach (var id in ids) { var c = await context.Customers.Where(x => x.Id == id).{|QD0001:ToListAsync(token)|}; }")]
    [InlineData("foreach (var id in ids) { var c = await context.Customers.{|QD0001:FirstOrDefaultAsync(x => x.Id == id, token)|}; }")]
    [InlineData("foreach (var id in ids) { var c = await context.Customers.{|QD0001:SingleAsync(x => x.Id == id)|}.ConfigureAwait(false); }")]
    [InlineData("foreach (var id in ids) { var n = await context.Orders.{|QD0001:CountAsync(o => o.CustomerId == id)|}; }")]
    [InlineData("foreach (var id in ids) { var n = await context.Orders.{|QD0001:AnyAsync(o => o.CustomerId == id)|}; }")]
    [InlineData("foreach (var id in ids) { var n = await context.Orders.Where(o => o.CustomerId == id).{|QD0001:SumAsync(o => o.Total)|}; }")]
    [InlineData("foreach (var id in ids) { var c = await context.Customers.{|QD0001:FindAsync(id)|}; }")]
    [InlineData("foreach (var id in ids) { var d = await context.Orders.Where(o => o.CustomerId == id).{|QD0001:ToDictionaryAsync(o => o.Id, token)|}; }")]
    [InlineData("foreach (var id in ids) { await context.Orders.Where(o => o.CustomerId == id).{|QD0001:LoadAsync(token)|}; }")]
    public Task AsyncExecution_InLoopBody_Reported(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));

    [Theory]
    [InlineData("var r = ids.Select(id => context.Customers.{|QD0001:Single(c => c.Id == id)|}).ToList();")]
    [InlineData("var r = numbers.Where(n => context.Orders.{|QD0001:Any(o => o.Id == n)|}).ToList();")]
    [InlineData("ids.ForEach(id => context.Orders.Where(o => o.CustomerId == id).{|QD0001:Load()|});")]
    [InlineData("Array.ForEach(numbers, n => context.Orders.Where(o => o.CustomerId == n).{|QD0001:ToList()|});")]
    [InlineData("var r = customers.Select(c => new { c.Name, Count = context.Orders.{|QD0001:Count(o => o.CustomerId == c.Id)|} }).ToList();")]
    [InlineData("var r = ids.AsEnumerable().Select(async id => await context.Customers.{|QD0001:FirstAsync(c => c.Id == id)|}).ToList();")]
    public Task Execution_InPerElementLambda_Reported(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));

    [Theory]
    [InlineData("foreach (var id in ids) { foreach (var n in numbers) { var c = context.Orders.{|QD0001:Count(o => o.Id == n && o.CustomerId == id)|}; } }")]
    [InlineData("foreach (var id in ids) { foreach (var o in context.Orders.Where(o => o.CustomerId == id).{|QD0001:ToList()|}) { } }")]
    [InlineData("foreach (var id in ids) { foreach (var o in context.Orders.{|QD0001:Where(o => o.CustomerId == id)|}) { } }")]
    [InlineData("foreach (var id in ids) { await foreach (var o in context.Orders.Where(o => o.CustomerId == id).{|QD0001:AsAsyncEnumerable()|}) { } }")]
    [InlineData("foreach (var id in ids) { List<int> page = [.. context.Orders.Where(o => o.CustomerId == id).{|QD0001:Select(o => o.Id)|}]; }")]
    [InlineData("foreach (var c in customers) { var r = numbers.Select(n => context.Orders.{|QD0001:Count(o => o.Id == n)|}).ToList(); }")]
    public Task Execution_InNestedIteration_Reported(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));

    [Fact]
    public Task QueryComposedBeforeLoop_ExecutedInside_Reported() => Verify.AnalyzerAsync(Verify.InMethod("""
                var big = context.Orders.Where(o => o.Total > 100);
                foreach (var id in ids)
                {
                    var n = big.{|QD0001:Count(o => o.CustomerId == id)|};
                }
        """));

    [Fact]
    public Task QueryComposedInLoop_ExecutedOnceAfter_Silent() => Verify.AnalyzerAsync(Verify.InMethod("""
                IQueryable<Order> query = context.Orders;
                foreach (var id in ids)
                {
                    query = query.Where(o => o.CustomerId != id);
                }

                var rows = await query.ToListAsync(token);
        """));

    [Theory]
    [InlineData("var all = context.Orders.ToList(); foreach (var id in ids) { var n = all.Count(o => o.CustomerId == id); var f = all.FirstOrDefault(o => o.Id == id); }")]
    [InlineData("var byCustomer = context.Orders.ToList().ToLookup(o => o.CustomerId); var r = ids.Select(id => byCustomer[id].Sum(o => o.Total)).ToList();")]
    [InlineData("foreach (var c in customers) { var n = c.Orders.Count(o => o.Total > 10); }")]
    [InlineData("var r = context.Customers.Select(c => new { c.Name, Count = c.Orders.Count(), Big = c.Orders.Where(o => o.Total > 10).ToList() }).ToList();")]
    [InlineData("var r = await context.Customers.Where(c => ids.Contains(c.Id)).ToListAsync(token);")]
    [InlineData("foreach (var p in context.Customers.Where(c => c.Name != \"\").ToList()) { var n = p.Name.Length; }")]
    [InlineData("await foreach (var o in context.Orders.AsAsyncEnumerable()) { var t = o.Total; }")]
    [InlineData("foreach (var o in context.Orders) { var t = o.Total; }")]
    [InlineData("var sql = \"\"; foreach (var id in ids) { sql = context.Orders.Where(o => o.CustomerId == id).ToQueryString(); }")]
    [InlineData("var tasks = ids.Select(id => Task.Run(() => context.Orders.Count(o => o.CustomerId == id)));")]
    [InlineData("foreach (var chunk in ids.Chunk(500)) { var rows = context.Orders.Where(o => chunk.Contains(o.CustomerId)).ToList(); }")]
    public Task NotPerIteration_Silent(string statements) => Verify.AnalyzerAsync(Verify.InMethod(statements));

    [Fact]
    public Task LookAlikeTypes_NotEfCore_Silent() => Verify.AnalyzerAsync("""
        namespace Other;

        public sealed class DbSet<T> : List<T> { public T? Find(int id) => default; }

        public sealed class Store
        {
            public DbSet<int> Items { get; } = new();

            public int Run(List<int> ids)
            {
                var n = 0;
                foreach (var id in ids)
                {
                    n += Items.Count(i => i == id) + (Items.Find(id) is { } found ? found : 0);
                    n += Items.AsQueryable().Count(i => i == id);
                }

                return n;
            }
        }
        """);
}

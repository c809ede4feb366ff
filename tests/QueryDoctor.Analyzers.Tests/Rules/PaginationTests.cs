using QueryDoctor.Analyzers.Tests.Support;

namespace QueryDoctor.Analyzers.Tests.Rules;

/// <summary>Paging loops run one query per page by design: the runtime's pagination exemption, applied statically.</summary>
public sealed class PaginationTests
{
    [Fact]
    public Task OffsetPagination_SkipVariable_Silent() => Verify.AnalyzerAsync(Verify.InMethod("""
                for (var page = 0; ; page++)
                {
                    var rows = await context.Orders.OrderBy(o => o.Id).Skip(page * 50).Take(50).ToListAsync(token);
                    if (rows.Count == 0)
                    {
                        break;
                    }
                }
        """));

    [Fact]
    public Task KeysetPagination_WhereOnOrderedKeyPlusTake_Silent() => Verify.AnalyzerAsync(Verify.InMethod("""
                var last = 0;
                while (true)
                {
                    var rows = context.Orders.Where(o => o.Id > last).OrderBy(o => o.Id).Take(100).ToList();
                    if (rows.Count == 0)
                    {
                        break;
                    }

                    foreach (var row in rows)
                    {
                        row.Total = 0;
                    }

                    context.SaveChanges();
                    last = rows[^1].Id;
                }
        """));

    [Fact]
    public Task KeysetPagination_CollectionExpression_Silent() => Verify.AnalyzerAsync(Verify.InMethod("""
                var last = 0;
                while (true)
                {
                    List<int> batch = [.. context.Orders.Where(o => o.Total > 0 && o.Id > last).OrderBy(o => o.Id).Take(100).Select(o => o.Id)];
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    last = batch[^1];
                }
        """));

    [Fact]
    public Task TakeWithoutKeysetPredicate_InLoop_Reported() => Verify.AnalyzerAsync(Verify.InMethod("""
                foreach (var id in ids)
                {
                    var top = context.Orders.Where(o => o.CustomerId == id).OrderBy(o => o.Id).Take(3).{|QD0001:ToList()|};
                }
        """));

    [Fact]
    public Task ConstantSkip_InLoop_Reported() => Verify.AnalyzerAsync(Verify.InMethod("""
                foreach (var id in ids)
                {
                    var second = context.Orders.Where(o => o.CustomerId == id).OrderBy(o => o.Id).Skip(1).{|QD0001:FirstOrDefault()|};
                }
        """));
}

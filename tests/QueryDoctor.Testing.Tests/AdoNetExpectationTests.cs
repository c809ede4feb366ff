using Dapper;
using QueryDoctor.Capture;
using Shouldly;

namespace QueryDoctor.Testing.Tests;

/// <summary>The same assertions over Dapper and a plain ADO.NET connection wrapped with <c>WithQueryDoctor</c>.</summary>
public sealed class AdoNetExpectationTests : ExpectationTestBase
{
    private int DapperLoop()
    {
        using var connection = Db.OpenConnection().WithQueryDoctor(Capture);
        var total = 0;
        foreach (var id in connection.Query<int>("SELECT \"Id\" FROM \"Blogs\""))
        {
            total += connection.Query<Post>("SELECT * FROM \"Posts\" WHERE \"BlogId\" = @id AND \"Title\" <> @secret", new { id, secret = SecretTitle }).Count();
        }

        return total;
    }

    [Fact]
    public void Dapper_OneQuery_Passes()
    {
        var report = QueryDoctorTest.Verify(Capture, e => e.AtMostQueries(1).NoNPlusOne(), () =>
        {
            using var connection = Db.OpenConnection().WithQueryDoctor(Capture);
            connection.Query<Post>("SELECT * FROM \"Posts\" WHERE \"BlogId\" IN @ids", new { ids = new[] { 1, 2 } }).Count().ShouldBe(6);
        });

        report!.Scope.StatementCount.ShouldBe(1);
    }

    [Fact]
    public void Dapper_Loop_FailsNamingTheCallSite()
    {
        var error = Should.Throw<QueryExpectationException>(() => QueryDoctorTest.Verify(Capture, e => e.NoNPlusOne(), () => DapperLoop()));

        error.Message.ShouldContain("  - no N+1: 1 finding");
        error.Message.ShouldContain("      [n-plus-one] posts queried 5 times by blogid at QueryDoctor.Testing.Tests.AdoNetExpectationTests.DapperLoop (AdoNetExpectationTests.cs:");
        error.Message.ShouldContain("        sql: select * from posts where blogid = ? and title <> ?");
        error.Message.ShouldNotContain(SecretTitle);
    }

    [Fact]
    public void Dapper_ConstantQueries_LoopFails()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
            QueryDoctorTest.AssertConstantQueries(Capture, (3, 6), Db.Seed, _ => DapperLoop()));

        error.Message.ShouldContain("4 queries at size 3, 7 queries at size 6");
        error.Message.ShouldContain("      3 -> 6 x select * from posts where blogid = ? and title <> ?\n        at QueryDoctor.Testing.Tests.AdoNetExpectationTests.DapperLoop");
    }
}

using QueryDoctor.Inspection.Tests.Databases;
using Shouldly;

namespace QueryDoctor.Inspection.Tests.Plans;

/// <summary>Real EXPLAIN output of each provider parsed into the provider-neutral <see cref="QueryPlan"/>.</summary>
public abstract class QueryPlanTests<TDatabase>(PlanDatabaseFixture<TDatabase> fixture) : IClassFixture<PlanDatabaseFixture<TDatabase>>
    where TDatabase : TestDatabase, new()
{
    protected TDatabase Database => fixture.Database;

    [Fact]
    public async Task Explain_FilterOnUnindexedColumn_IsAScanWithoutIndex()
    {
        var plan = await Database.ExplainAsync("SELECT * FROM orders WHERE note = @note", new QueryParameter("@note", "note 42"));

        plan.Provider.ShouldBe(Database.Provider);
        var access = plan.Accesses.ShouldHaveSingleItem();
        access.Table.ShouldBe("orders");
        access.Kind.ShouldBe(TableAccessKind.Scan);
        access.IndexName.ShouldBeNull();
        access.IsFiltered.ShouldNotBe(false);
        plan.HasTempSort.ShouldBeFalse();
        plan.Text.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Explain_EqualityOnLeadingIndexColumnWithUnknownValue_IsAnIndexSearch()
    {
        // No value given: the placeholder must be bound to a typed stand-in, never NULL.
        var plan = await Database.ExplainAsync("SELECT * FROM orders WHERE customer_id = @customer");

        var access = plan.Accesses.ShouldHaveSingleItem();
        access.Table.ShouldBe("orders");
        access.Kind.ShouldBe(TableAccessKind.IndexSearch);
        access.IndexName.ShouldBe("ix_orders_customer_status");
        access.IsFiltered.ShouldBe(true);
    }

    [Fact]
    public async Task Explain_OnlyIndexedColumnsSelected_IsACoveringIndexSearch()
    {
        var plan = await Database.ExplainAsync("SELECT customer_id, status FROM orders WHERE customer_id = @customer", new QueryParameter("customer", 7));

        var access = plan.Accesses.ShouldHaveSingleItem();
        access.Kind.ShouldBe(TableAccessKind.CoveringIndexSearch, plan.Text);
        access.IndexName.ShouldBe("ix_orders_customer_status");
    }

    [Fact]
    public async Task Explain_OrderByColumnOutsideTheIndex_NeedsATempSort()
    {
        var plan = await Database.ExplainAsync("SELECT * FROM orders WHERE customer_id = @customer ORDER BY created", new QueryParameter("customer", 7));

        plan.HasTempSort.ShouldBeTrue();
        plan.Accesses.ShouldHaveSingleItem().Kind.ShouldBe(TableAccessKind.IndexSearch);
    }

    [Fact]
    public async Task Explain_OrderByTheIndexsNextColumn_NeedsNoSort()
    {
        var plan = await Database.ExplainAsync("SELECT id FROM orders WHERE customer_id = @customer ORDER BY status LIMIT 5", new QueryParameter("customer", 7));

        plan.HasTempSort.ShouldBeFalse();
        plan.Accesses.ShouldHaveSingleItem().IndexName.ShouldBe("ix_orders_customer_status");
    }

    [Fact]
    public async Task Explain_PrimaryKeyLookup_IsAnIndexSearch()
    {
        var plan = await Database.ExplainAsync("SELECT * FROM orders WHERE id = @id", new QueryParameter("id", 12));

        plan.Accesses.ShouldHaveSingleItem().Kind.ShouldBe(TableAccessKind.IndexSearch);
    }

    [Fact]
    public async Task Explain_JoinWithAliases_ResolvesEachTable()
    {
        var plan = await Database.ExplainAsync(
            "SELECT o.id FROM orders AS o JOIN customers c ON c.id = o.customer_id WHERE c.region = @region AND o.status = @status",
            new QueryParameter("region", 3),
            new QueryParameter("status", 2));

        plan.Accesses.Select(a => a.Table).Order().ShouldBe(["customers", "orders"]);
        plan.Accesses.Single(a => a.Table == "orders").Alias.ShouldBe("o");
        plan.Accesses.Single(a => a.Table == "customers").Alias.ShouldBe("c");
    }

    [Fact]
    public async Task Explain_UnknownValueForADateColumn_StillPlans()
    {
        var plan = await Database.ExplainAsync("SELECT id FROM orders WHERE shipped_on = @shipped");

        plan.Accesses.ShouldHaveSingleItem().Kind.ShouldBe(TableAccessKind.Scan);
    }

    [Fact]
    public async Task Explain_Delete_DoesNotExecuteIt()
    {
        var plan = await Database.ExplainAsync("DELETE FROM orders WHERE customer_id = @customer", new QueryParameter("customer", 7));

        plan.Accesses.ShouldNotBeEmpty();
        (await Database.ScalarAsync<long>("SELECT count(*) FROM orders")).ShouldBe(PlanDatabaseFixture<TDatabase>.Orders);
    }

    [Theory]
    [InlineData("SELECT 1; DELETE FROM settings")]
    [InlineData("SELECT 1;\n-- trailing comment\nDELETE FROM settings")]
    [InlineData("  ")]
    public async Task Explain_EmptyOrSeveralStatements_IsRefusedAndNothingRuns(string sql)
    {
        await Database.ExecuteAsync("INSERT INTO settings (id, value) SELECT coalesce(max(id), 0) + 1, 'x' FROM settings");
        var before = await Database.ScalarAsync<long>("SELECT count(*) FROM settings");

        await Should.ThrowAsync<ArgumentException>(() => Database.ExplainAsync(sql));

        (await Database.ScalarAsync<long>("SELECT count(*) FROM settings")).ShouldBe(before);
    }

    [Fact]
    public async Task Explain_SemicolonInsideALiteralAndTrailing_IsOneStatement()
    {
        var plan = await Database.ExplainAsync("SELECT * FROM orders WHERE note = 'a; DELETE FROM orders';  ");

        plan.Accesses.ShouldHaveSingleItem().Kind.ShouldBe(TableAccessKind.Scan);
    }
}

public sealed class SqliteQueryPlanTests(PlanDatabaseFixture<SqliteTestDatabase> fixture)
    : QueryPlanTests<SqliteTestDatabase>(fixture)
{
    [Fact]
    public async Task Explain_PositionalPlaceholders_AreBound()
    {
        var plan = await Database.ExplainAsync("SELECT * FROM orders WHERE customer_id = ? AND status = ?", new QueryParameter(null, 7), new QueryParameter(null, 1));

        plan.Accesses.ShouldHaveSingleItem().Detail.ShouldContain("customer_id=? AND status=?");
    }
}

public sealed class PostgresQueryPlanTests(PlanDatabaseFixture<PostgresTestDatabase> fixture)
    : QueryPlanTests<PostgresTestDatabase>(fixture)
{
    [Fact]
    public async Task Explain_DollarPlaceholders_AreBound()
    {
        var plan = await Database.ExplainAsync("SELECT * FROM orders WHERE customer_id = $1 AND status = $2", new QueryParameter(null, 7), new QueryParameter(null, 1));

        var access = plan.Accesses.ShouldHaveSingleItem();
        access.IndexName.ShouldBe("ix_orders_customer_status");
        access.Detail.ShouldContain("7");
    }

    [Fact]
    public async Task Explain_ArrayParameterWithKnownValues_IsBoundAsAnArray()
    {
        // EF Core on Npgsql translates Contains() to "= ANY (@ids)" with one array parameter.
        var plan = await Database.ExplainAsync("SELECT * FROM orders WHERE customer_id = ANY (@ids)", new QueryParameter("ids", new[] { 7, 8, 9 }));

        var access = plan.Accesses.ShouldHaveSingleItem();
        access.IndexName.ShouldBe("ix_orders_customer_status");
        access.Detail.ShouldContain("{7,8,9}");
    }

    [Fact]
    public async Task Explain_ArrayParameterWithUnknownValues_StillPlans()
    {
        var plan = await Database.ExplainAsync("SELECT * FROM orders WHERE customer_id = ANY (@ids)");

        plan.Accesses.ShouldHaveSingleItem().IndexName.ShouldBe("ix_orders_customer_status");
    }

    [Fact]
    public async Task Explain_TextArrayWithQuotesAndNull_IsBoundAsAnArray()
    {
        var plan = await Database.ExplainAsync("SELECT * FROM orders WHERE note = ANY (@notes)", new QueryParameter("notes", new object?[] { "it's", "say \"hi\"", null }));

        plan.Accesses.ShouldHaveSingleItem().Kind.ShouldBe(TableAccessKind.Scan);
    }
}

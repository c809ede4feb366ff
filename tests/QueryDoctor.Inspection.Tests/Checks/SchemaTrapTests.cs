using QueryDoctor.Inspection.Tests.Databases;
using QueryDoctor.Rules;
using Shouldly;

namespace QueryDoctor.Inspection.Tests.Checks;

/// <summary>The schema traps of <see cref="TrapSchema"/>, read from a real database of each provider.</summary>
public abstract class SchemaTrapTests<TDatabase>(TrapDatabaseFixture<TDatabase> fixture) : IClassFixture<TrapDatabaseFixture<TDatabase>>
    where TDatabase : TestDatabase, new()
{
    protected TDatabase Database => fixture.Database;

    protected async Task<IReadOnlyList<Finding>> FindingsAsync(string rule)
    {
        var schema = await Database.ReadSchemaAsync();
        return new SchemaDoctor().Examine(schema).Where(f => f.Rule == rule).ToList();
    }

    private static string Key(Finding finding) => $"{finding.Table}({string.Join(",", finding.Columns ?? [])})";

    [Fact]
    public async Task ReadSchema_TrapSchema_ReadsTablesColumnsKeysAndIndexesInOrder()
    {
        var schema = await Database.ReadSchemaAsync();

        schema.Provider.ShouldBe(Database.Provider);
        schema.Tables.Select(t => t.DisplayName).ShouldBe(
            ["audit_log", "customer_tags", "customers", "order_lines", "orders", "products", "refunds", "shipment_events", "shipment_notes", "shipments"]);

        var orders = schema.FindTable("ORDERS").ShouldNotBeNull();
        orders.Columns.Select(c => c.Name).ShouldBe(["id", "customer_id", "status", "created", "note"]);
        orders.Columns.Single(c => c.Name == "note").IsNullable.ShouldBeTrue();
        orders.Columns.Single(c => c.Name == "status").IsNullable.ShouldBeFalse();
        orders.PrimaryKey.ShouldBe(["id"]);
        orders.RowCount.ShouldBe(0);
        orders.ForeignKeys.Single().Columns.ShouldBe(["customer_id"]);
        orders.ForeignKeys.Single().ReferencedTable.ShouldBe("customers");
        orders.ForeignKeys.Single().ReferencedColumns.ShouldBe(["id"]);
        orders.Indexes.Single(i => i.Name == "ix_orders_status_created").Columns.ShouldBe(["status", "created"]);
        orders.Indexes.Single(i => i.Name == "ix_orders_customer_status").IsUnique.ShouldBeFalse();

        var customers = schema.FindTable("customers").ShouldNotBeNull();
        customers.Indexes.Single(i => i.Name == "ux_customers_name").IsUnique.ShouldBeTrue();

        var notes = schema.FindTable("shipment_notes").ShouldNotBeNull();
        notes.ForeignKeys.Single().Columns.ShouldBe(["tenant_id", "code"]);
        notes.ForeignKeys.Single().ReferencedColumns.ShouldBe(["tenant_id", "code"]);

        var tags = schema.FindTable("customer_tags").ShouldNotBeNull();
        tags.PrimaryKey.ShouldBe(["customer_id", "tag"]);
        tags.Indexes.Where(i => i.IsPrimaryKey).ShouldHaveSingleItem().Columns.ShouldBe(["customer_id", "tag"]);

        var shipments = schema.FindTable("shipments").ShouldNotBeNull();
        var constraint = shipments.Indexes.Single(i => i.IsUnique && !i.IsPrimaryKey);
        constraint.IsConstraint.ShouldBeTrue();
        constraint.Columns.ShouldBe(["tenant_id", "code"]);

        schema.FindTable("refunds").ShouldNotBeNull().Indexes.Single(i => i.Name == "ix_refunds_order_big").IsPartial.ShouldBeTrue();
        schema.FindTable("audit_log").ShouldNotBeNull().PrimaryKey.ShouldBeEmpty();
    }

    [Fact]
    public async Task UnindexedForeignKey_TrapSchema_FlagsOnlyKeysNotLeadingAFullIndex()
    {
        var findings = await FindingsAsync(RuleIds.UnindexedForeignKey);

        // Clean: orders(customer_id) leads a composite, order_lines(product_id) leads one,
        // shipment_events(tenant_id, code) leads one in the other order, customer_tags leads the primary key.
        findings.Select(Key).Order().ShouldBe(["order_lines(order_id)", "refunds(order_id)", "shipment_notes(tenant_id,code)"]);
        var orderLines = findings.Single(f => f.Table == "order_lines");
        orderLines.Ddl.ShouldBe("CREATE INDEX ix_order_lines_order_id ON order_lines (order_id);");
        orderLines.Suggestion.ShouldNotBeNull().ShouldContain("modelBuilder.Entity<OrderLine>().HasIndex(e => e.OrderId)");
        findings.Single(f => f.Table == "shipment_notes").Suggestion.ShouldNotBeNull().ShouldContain("HasIndex(e => new { e.TenantId, e.Code })");
    }

    [Fact]
    public async Task RedundantIndex_TrapSchema_FlagsPrefixesAndDuplicatesButNotUniqueIndexes()
    {
        var findings = await FindingsAsync(RuleIds.RedundantIndex);

        findings.Select(f => f.Message.Split(' ')[1]).Order().ShouldBe(["ix_customer_tags_customer", "ix_orders_created_copy", "ix_orders_status"]);
        findings.Single(f => f.Message.Contains("ix_orders_created_copy")).Message.ShouldContain("duplicates ix_orders_created");
        findings.Single(f => f.Message.Contains("ix_orders_status ")).Message.ShouldContain("ix_orders_status_created");
        findings.Single(f => f.Message.Contains("ix_orders_status ")).Ddl.ShouldBe("DROP INDEX ix_orders_status;");
        findings.ShouldAllBe(f => !f.Message.Contains("ux_customers_name"));
    }

    [Fact]
    public async Task MissingPrimaryKey_TrapSchema_FlagsOnlyTheKeylessTable()
    {
        var findings = await FindingsAsync(RuleIds.MissingPrimaryKey);

        findings.ShouldHaveSingleItem().Table.ShouldBe("audit_log");
    }

    [Fact]
    public async Task SchemaDoctor_AppliedDdl_ClearsTheIndexFindings()
    {
        // The fix each finding proposes must be valid DDL for the provider and must make the finding go away.
        await using var scratch = new TDatabase();
        await scratch.InitializeAsync();
        await scratch.ExecuteAsync(TrapSchema.Ddl);
        var before = new SchemaDoctor().Examine(await scratch.ReadSchemaAsync());
        var fixes = before
            .Where(f => f.Rule is RuleIds.UnindexedForeignKey or RuleIds.RedundantIndex)
            .Select(f => f.Ddl.ShouldNotBeNull())
            .ToList();
        fixes.Count.ShouldBe(6);

        await scratch.ExecuteAsync(string.Join("\n", fixes));

        var after = new SchemaDoctor().Examine(await scratch.ReadSchemaAsync());
        after.Where(f => f.Rule is RuleIds.UnindexedForeignKey or RuleIds.RedundantIndex).ShouldBeEmpty();
    }
}

public sealed class SqliteSchemaTrapTests(TrapDatabaseFixture<SqliteTestDatabase> fixture)
    : SchemaTrapTests<SqliteTestDatabase>(fixture)
{
    [Fact]
    public async Task UnusedIndex_Sqlite_NeverFires()
    {
        (await FindingsAsync(RuleIds.UnusedIndex)).ShouldBeEmpty();
    }
}

public sealed class PostgresSchemaTrapTests(TrapDatabaseFixture<PostgresTestDatabase> fixture)
    : SchemaTrapTests<PostgresTestDatabase>(fixture)
{
    [Fact]
    public async Task UnusedIndex_IndexScannedOnce_FlagsOnlyNonUniqueIndexesNeverScanned()
    {
        await using var scratch = new PostgresTestDatabase();
        await scratch.InitializeAsync();
        await scratch.ExecuteAsync(TrapSchema.Ddl);
        await using (var connection = await scratch.OpenWritableAsync())
        {
            await using var command = connection.CreateCommand();

            // Force one scan of ix_orders_customer_status, then make the backend publish its statistics now.
            command.CommandText = "SET enable_seqscan = off; SET enable_bitmapscan = off; SELECT count(*) FROM orders WHERE customer_id = 7; SELECT pg_stat_force_next_flush();";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var schema = await scratch.ReadSchemaAsync();
        var orders = schema.FindTable("orders").ShouldNotBeNull();
        orders.Indexes.Single(i => i.Name == "ix_orders_customer_status").ScanCount.ShouldNotBeNull().ShouldBeGreaterThan(0);
        orders.Indexes.Single(i => i.Name == "ix_orders_status").ScanCount.ShouldBe(0);

        // A fresh cluster's statistics are minutes old: no claim by default; with the age gate at zero, the claims.
        schema.StatisticsAge.ShouldNotBeNull().ShouldBeLessThan(TimeSpan.FromDays(1));
        new SchemaDoctor().Examine(schema).ShouldNotContain(f => f.Rule == RuleIds.UnusedIndex);
        var unused = new SchemaDoctor(new SchemaCheckOptions { UnusedIndexMinimumStatisticsAge = TimeSpan.Zero })
            .Examine(schema).Where(f => f.Rule == RuleIds.UnusedIndex).ToList();
        var names = unused.Select(f => f.Message.Split(' ')[1]).ToList();
        names.ShouldContain("ix_orders_status_created");
        names.ShouldNotContain("ix_order_lines_product_order"); // leads with the foreign key product_id: never advised to drop
        names.ShouldNotContain("ix_customer_tags_customer"); // serves the foreign key customer_id
        names.ShouldNotContain("ix_orders_customer_status");
        names.ShouldNotContain("ux_customers_name");
        names.ShouldNotContain("customers_pkey");
        names.ShouldNotContain("uq_shipments_tenant_code");
        unused.ShouldAllBe(f => f.Severity == Severity.Info);
        var statusCreated = unused.Single(f => f.Message.Contains("ix_orders_status_created"));
        statusCreated.Ddl.ShouldBe("DROP INDEX ix_orders_status_created;");
        statusCreated.Message.ShouldContain("minutes since statistics began");
    }
}

/// <summary>EF Core's PascalCase names and SQL keywords as names: findings name them as the schema spells them and their DDL runs.</summary>
public abstract class AwkwardNameTests<TDatabase>
    where TDatabase : TestDatabase, new()
{
    private const string Ddl = """
        CREATE TABLE "Blogs" ("Id" INTEGER PRIMARY KEY, "Name" TEXT);
        CREATE TABLE "Posts" ("Id" INTEGER PRIMARY KEY, "BlogId" INTEGER NOT NULL REFERENCES "Blogs" ("Id"), "Title" TEXT);
        CREATE INDEX "IX_Posts_Title" ON "Posts" ("Title");
        CREATE INDEX "IX_Posts_Title_BlogId" ON "Posts" ("Title", "BlogId");
        CREATE TABLE "group" (id INTEGER PRIMARY KEY);
        CREATE TABLE "order" (id INTEGER PRIMARY KEY, "user" INTEGER REFERENCES "group" (id));
        """;

    [Fact]
    public async Task SchemaDoctor_QuotedAndKeywordNames_ReportsThemUnquotedWithRunnableDdl()
    {
        await using var database = new TDatabase();
        await database.InitializeAsync();
        await database.ExecuteAsync(Ddl);

        var findings = new SchemaDoctor().Examine(await database.ReadSchemaAsync());

        var foreignKeys = findings.Where(f => f.Rule == RuleIds.UnindexedForeignKey).ToList();
        foreignKeys.Select(f => $"{f.Table}({string.Join(",", f.Columns!)})").Order(StringComparer.Ordinal).ShouldBe(["Posts(BlogId)", "order(user)"]);
        foreignKeys.Single(f => f.Table == "Posts").Suggestion.ShouldNotBeNull().ShouldContain("modelBuilder.Entity<Post>().HasIndex(e => e.BlogId)");
        foreignKeys.Single(f => f.Table == "order").Ddl.ShouldBe("CREATE INDEX ix_order_user ON \"order\" (\"user\");");
        findings.Single(f => f.Rule == RuleIds.RedundantIndex).Ddl.ShouldBe("DROP INDEX \"IX_Posts_Title\";");

        await database.ExecuteAsync(string.Join("\n", findings.Where(f => f.Rule != RuleIds.UnusedIndex).Select(f => f.Ddl).OfType<string>()));

        new SchemaDoctor().Examine(await database.ReadSchemaAsync())
            .Where(f => f.Rule is RuleIds.UnindexedForeignKey or RuleIds.RedundantIndex)
            .ShouldBeEmpty();
    }
}

public sealed class SqliteAwkwardNameTests : AwkwardNameTests<SqliteTestDatabase>;

public sealed class PostgresAwkwardNameTests : AwkwardNameTests<PostgresTestDatabase>;

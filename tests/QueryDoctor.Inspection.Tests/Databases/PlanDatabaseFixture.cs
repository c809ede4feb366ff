namespace QueryDoctor.Inspection.Tests.Databases;

/// <summary>
/// One database per test class with enough rows (20,000 orders, 40 consecutive ones per customer of 500) and fresh statistics
/// that both planners choose indexes where an index serves.
/// </summary>
public sealed class PlanDatabaseFixture<TDatabase> : IAsyncLifetime
    where TDatabase : TestDatabase, new()
{
    public const int Orders = 20_000;

    public TDatabase Database { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        await Database.ExecuteAsync($"""
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, region INTEGER NOT NULL);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id), status INTEGER NOT NULL, created INTEGER NOT NULL, shipped_on DATE, note TEXT);
            CREATE INDEX ix_orders_customer_status ON orders (customer_id, status);
            CREATE TABLE settings (id INTEGER PRIMARY KEY, value TEXT);
            CREATE TABLE memberships (id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL, user_id INTEGER NOT NULL, role TEXT);
            CREATE UNIQUE INDEX ux_memberships_team_user ON memberships (team_id, user_id);
            CREATE TABLE event_log (at INTEGER NOT NULL, message TEXT);
            CREATE TABLE likes (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL, user_id INTEGER NOT NULL);
            INSERT INTO customers (id, name, region) SELECT i, 'customer ' || i, i % 10 FROM ({Database.Series(500)}) q;
            INSERT INTO orders (id, customer_id, status, created, note) SELECT i, ((i - 1) / 40) + 1, i % 7, i, 'note ' || i FROM ({Database.Series(Orders)}) q;
            """);
        await Database.AnalyzeAsync();
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

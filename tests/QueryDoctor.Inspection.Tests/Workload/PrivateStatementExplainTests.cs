using QueryDoctor.Inspection.Tests.Databases;
using QueryDoctor.Sql;
using Shouldly;

namespace QueryDoctor.Inspection.Tests.Workload;

/// <summary>
/// With parameter values private, the live capture writes PostgreSQL statements with their inlined literals as
/// <c>$n</c> (<see cref="SqlLiteralMask"/>). Npgsql's EF Core provider inlines dates, intervals and uuids as typed
/// literals (<c>TIMESTAMPTZ '…'</c>, <c>'…'::uuid</c>): the masked text must still be explained.
/// </summary>
public sealed class PrivateStatementExplainTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.ExecuteAsync("""
            CREATE TABLE events (
                id bigserial PRIMARY KEY, at timestamptz NOT NULL, local_at timestamp NOT NULL, day date NOT NULL,
                span interval NOT NULL, ref uuid NOT NULL, title text NOT NULL, score numeric NOT NULL, flag boolean NOT NULL);
            INSERT INTO events (at, local_at, day, span, ref, title, score, flag)
            SELECT now() - g * interval '1 minute', now()::timestamp, current_date - g % 400, g * interval '1 second',
                   gen_random_uuid(), 'title ' || g, g / 7.0, g % 2 = 0
            FROM generate_series(1, 3000) g;
            ANALYZE events;
            """);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData("SELECT e.id FROM events AS e WHERE e.at > TIMESTAMPTZ '2024-01-01T00:00:00Z'", "e.at > TIMESTAMPTZ $1")]
    [InlineData("SELECT e.id FROM events AS e WHERE e.local_at < TIMESTAMP '2024-01-01T00:00:00'", "e.local_at < TIMESTAMP $1")]
    [InlineData("SELECT e.id FROM events AS e WHERE e.day = DATE '2024-05-01'", "e.day = DATE $1")]
    [InlineData("SELECT e.id FROM events AS e WHERE e.span > INTERVAL '01:00:00'", "e.span > INTERVAL $1")]
    [InlineData("SELECT e.id FROM events AS e WHERE e.ref = '6f9619ff-8b86-d011-b42d-00c04fc964ff'::uuid", "e.ref = $1::uuid")]
    [InlineData("SELECT e.id FROM events AS e WHERE e.title LIKE 'secret%' AND e.score > 1.5 AND e.flag ORDER BY e.id LIMIT 20", "e.title LIKE $1 AND e.score > $2 AND e.flag ORDER BY e.id LIMIT $3")]
    [InlineData("SELECT e.id, 'kind' AS kind, 42 FROM events AS e WHERE e.id IN (1, 2, 3)", "SELECT e.id, $1 AS kind, $2 FROM events AS e WHERE e.id IN ($3, $4, $5)")]
    public async Task ExplainAsync_MaskedPostgresStatement_ExplainedWithoutItsValues(string executed, string maskedPart)
    {
        var masked = SqlLiteralMask.Apply(executed, dollarPlaceholders: true);

        masked.ShouldContain(maskedPart);
        var plan = await _database.ExplainAsync(masked);
        plan.Accesses.ShouldContain(a => a.Table == "events");
    }
}

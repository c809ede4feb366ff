using System.Data.Common;
using QueryDoctor.Advisor;
using QueryDoctor.Inspection;
using QueryDoctor.Samples.Demo;
using QueryDoctor.Samples.Infrastructure;
using QueryDoctor.Samples.Tests.Infrastructure;
using Shouldly;

namespace QueryDoctor.Samples.Tests.Advisor;

/// <summary>
/// Issue 6's acceptance on the reference systems themselves: each system seeded, stripped of the indexes
/// its team chose by hand (every secondary index that does not enforce uniqueness), its naive scenarios
/// captured live, and the advisor given that workload. The advisor must use no more indexes than the
/// team did, and serve at least the statements the team's indexes serve (plans without a temp sort or a
/// scan of a table of 1,000 rows or more).
/// </summary>
public sealed class AdvisorOnSamplesTests
{
    /// <summary>Large enough that every table the teams indexed has at least 1,000 rows (the advisor leaves smaller ones to scans).</summary>
    private const int Scale = 10;

    public static TheoryData<string> Systems => ["timeledger", "datetree", "studio"];

    [Theory]
    [MemberData(nameof(Systems))]
    public async Task NaiveWorkload_AdvisorServesWhatTheTeamsIndexesServe_WithNoMoreIndexes(string system)
    {
        using var test = new TestDatabase(system);
        var demo = DemoSystem(system, test.Folder);
        demo.Seed(test.Database, Scale);
        var hand = test.Database.SpeedIndexes();
        hand.ShouldNotBeEmpty();
        foreach (var (name, _) in hand)
        {
            test.Database.Execute($"DROP INDEX \"{name}\"");
        }

        test.Database.Analyze();
        var workload = WorkloadStatement.FromScopes(NaiveWorkload.Capture(demo.Scenarios(test.Database, Scale)));
        IndexAdvice advice;
        await using (var connection = test.Database.OpenConnection())
        {
            advice = await new IndexAdvisor(connection, DatabaseProvider.Sqlite, new IndexAdvisorOptions { MaxIndexes = hand.Count })
                .AdviseAsync(workload, TestContext.Current.CancellationToken);
        }

        advice.Recommendations.Count.ShouldBeLessThanOrEqualTo(hand.Count);
        var servedByHand = await ServedAsync(test.Database, workload, hand.Select(h => h.Sql));
        var servedByAdvisor = await ServedAsync(test.Database, workload, advice.Recommendations.Select(r => r.Ddl));
        var missed = servedByHand.Except(servedByAdvisor).ToList();
        missed.ShouldBeEmpty(
            $"missed: {string.Join(" || ", workload.Where(w => missed.Contains(w.Fingerprint.Id)).Select(w => w.Sql))} | notes: {string.Join("; ", advice.Notes)} | hand: {string.Join("; ", hand.Select(h => h.Sql))} | advisor: {string.Join("; ", advice.Recommendations.Select(r => r.Ddl))}");
    }

    private static IDemoSystem DemoSystem(string system, string folder) => system switch
    {
        "timeledger" => new TimeLedgerDemo(),
        "datetree" => new DateTreeDemo(),
        _ => new StudioDemo(folder),
    };

    /// <summary>
    /// The SELECT shapes whose plan, with these indexes created (inside a transaction rolled back afterwards),
    /// neither sorts nor scans a table of 1,000 rows or more (a scan of a smaller one is as fast as an index).
    /// </summary>
    private static async Task<HashSet<string>> ServedAsync(SampleDatabase database, IReadOnlyList<WorkloadStatement> workload, IEnumerable<string> indexes)
    {
        await using var connection = database.OpenConnection();
        await ExecuteAsync(connection, "BEGIN");
        try
        {
            foreach (var ddl in indexes)
            {
                await ExecuteAsync(connection, ddl);
            }

            var inspector = DatabaseInspector.For(connection, DatabaseProvider.Sqlite);
            var schema = await inspector.ReadSchemaAsync(TestContext.Current.CancellationToken);
            bool Small(string table) => schema.FindTable(table)?.RowCount is { } rows && rows < new IndexAdvisorOptions().MinTableRows;
            var served = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statement in workload.Where(s => s.Fingerprint.Kind == Sql.SqlStatementKind.Select))
            {
                var plan = await inspector.ExplainAsync(statement.Sql, statement.Parameters, TestContext.Current.CancellationToken);
                if (!plan.HasTempSort && plan.Accesses.All(a => a.Kind != TableAccessKind.Scan || Small(a.Table)))
                {
                    served.Add(statement.Fingerprint.Id);
                }
            }

            return served;
        }
        finally
        {
            await ExecuteAsync(connection, "ROLLBACK");
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}

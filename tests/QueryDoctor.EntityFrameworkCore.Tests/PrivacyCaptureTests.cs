using System.Text.Json;
using Dapper;
using Microsoft.EntityFrameworkCore;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Inspection;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>
/// Values off (the default): literals EF Core inlines from C# constants never reach the event log or the scope's
/// events, while live capture and <c>analyze</c> of the log it wrote still agree on identical values. Once per provider.
/// </summary>
public abstract class PrivacyCaptureTests : CaptureTestBase
{
    private const string Secret = "secret-name-42";
    private const int SecretNumber = 987654;

    private readonly string _path = Path.Combine(Path.GetTempPath(), "qd-privacy-" + Guid.NewGuid().ToString("N") + ".jsonl");

    [Fact]
    public void EventLogAndScopeEvents_ValuesOff_InlinedConstantsReplacedByPlaceholders()
    {
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed() }.WriteEventsTo(_path));
        QueryDoctorScope scope;
        using (var context = Db.Context(Capture))
        using (scope = QueryDoctorScope.Begin("GET /members"))
        {
            _ = context.Members.Where(m => m.Name == Secret).ToList();
            _ = context.Members.Where(m => m.CalendarId == EF.Constant(SecretNumber)).ToList();
        }

        Capture.Dispose();
        var events = ReportOf(scope).Scope.Events;
        var logged = QueryLines().ToList();

        Assert.Equal(2, events.Count);
        Assert.Equal(2, logged.Count);
        var texts = events.Select(e => e.Sql).Concat(logged.Select(l => l.GetProperty("sql").GetString()!)).ToList();
        Assert.All(texts, sql => Assert.DoesNotContain(Secret, sql, StringComparison.Ordinal));
        Assert.All(texts, sql => Assert.DoesNotContain(SecretNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), sql, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, File.ReadAllText(_path), StringComparison.Ordinal);

        // Layout and identifier quoting stay as executed (EXPLAIN needs them); only the values became placeholders.
        var placeholder = Db.Kind == "postgresql" ? "$1" : "?";
        Assert.Contains(Alias("m") + ".\"Name\" = " + placeholder, events[0].Sql, StringComparison.Ordinal);
        Assert.Contains(Alias("m") + ".\"CalendarId\" = " + placeholder, events[1].Sql, StringComparison.Ordinal);
        Assert.Contains("FROM \"Members\" AS " + Alias("m"), events[0].Sql, StringComparison.Ordinal);
        Assert.Equal(events.Select(e => e.Sql), logged.Select(l => l.GetProperty("sql").GetString()));
        Assert.All(logged, l => Assert.Matches("^[0-9a-f]{16}$", l.GetProperty("valuesHash").GetString()!));
        Assert.All(logged, l => Assert.False(l.TryGetProperty("parameters", out _)));
    }

    [Fact]
    public void EventLogAndScopeEvents_ValuesOptedIn_TextKeptAsExecuted()
    {
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed(), IncludeParameterValues = true }.WriteEventsTo(_path));
        QueryDoctorScope scope;
        using (var context = Db.Context(Capture))
        using (scope = QueryDoctorScope.Begin("GET /members"))
        {
            _ = context.Members.Where(m => m.Name == Secret).ToList();
        }

        Capture.Dispose();
        var queryEvent = Assert.Single(ReportOf(scope).Scope.Events);
        var line = Assert.Single(QueryLines());

        Assert.Contains("'" + Secret + "'", queryEvent.Sql, StringComparison.Ordinal);
        Assert.Equal(queryEvent.Sql, line.GetProperty("sql").GetString());
        Assert.False(line.TryGetProperty("valuesHash", out _));
    }

    [Fact]
    public void AnalyzeOfTheLiveLog_ValuesOff_SameFindingsAsLive()
    {
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed() }.WriteEventsTo(_path));
        using (var context = Db.Context(Capture))
        using (QueryDoctorScope.Begin("GET /calendars"))
        {
            // The same inlined constant three times from one place: identical values, a duplicate and not an N+1.
            for (var i = 0; i < 3; i++)
            {
                _ = context.Calendars.Where(c => c.Name == "calendar 1").ToList();
            }

            // A different inlined constant each time from one place: an N+1 (one masked text, different values).
            foreach (var id in context.Calendars.Select(c => c.Id).ToList())
            {
                _ = context.Members.Where(m => m.CalendarId == EF.Constant(id)).ToList();
            }

            // A parameter sent twice with one value: a duplicate through the parameters' hash.
            var name = "calendar 2";
            _ = context.Calendars.Where(c => c.Name == name).Select(c => c.Id).ToList();
            _ = context.Calendars.Where(c => c.Name == name).Select(c => c.Id).ToList();
        }

        var live = Capture.RecentFindings;
        Capture.Dispose();
        var offline = EventLogAnalysis.Run([_path], Untimed()).Findings;

        Assert.Equal(
            live.Select(f => (f.Rule, f.Scope, f.Count, f.Fingerprint, f.CallSite)).Order(),
            offline.Select(f => (f.Rule, f.Scope, f.Count, f.Fingerprint, f.CallSite)).Order());
        Assert.Equal(2, live.Count(f => f.Rule == "duplicate-query"));
        Assert.Contains(live, f => f.Rule == "duplicate-query" && f.Count == 3);
        Assert.Contains(live, f => f.Rule == "duplicate-query" && f.Count == 2);
        var nPlusOne = Assert.Single(live, f => f.Rule == "n-plus-one");
        Assert.Equal(TestDatabase.Calendars, nPlusOne.Count);
        Assert.DoesNotContain("'calendar 1'", File.ReadAllText(_path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeWithDb_LogOfMaskedStatements_ExplainedAndFullScanFound()
    {
        await SeedVotesAsync();
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed() }.WriteEventsTo(_path));
        using (var context = Db.Context(Capture))
        using (QueryDoctorScope.Begin("GET /votes"))
        {
            _ = context.Votes.Where(v => v.Value == 7).ToList();
        }

        Capture.Dispose();
        var sql = Assert.Single(QueryLines()).GetProperty("sql").GetString()!;
        Assert.EndsWith(Alias("v") + ".\"Value\" = " + (Db.Kind == "postgresql" ? "$1" : "?"), sql, StringComparison.Ordinal);

        var fullScan = Assert.Single(await AnalyzeWithDbAsync(), f => f.Rule == "full-scan");
        Assert.Equal("Votes", fullScan.Table);
    }

    [Fact]
    public async Task AdoNetCommand_ValuesOff_LiteralsMaskedForTheProviderAndExplained()
    {
        await SeedVotesAsync();
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed() }.WriteEventsTo(_path));
        QueryDoctorScope scope;
        await using (var connection = Db.OpenConnection().WithQueryDoctor(Capture))
        using (scope = QueryDoctorScope.Begin("GET /votes"))
        {
            // Dapper or hand-written ADO.NET with values written into the text: the wrapper knows the provider.
            _ = (await connection.QueryAsync<int>("SELECT \"Id\" FROM \"Votes\" WHERE \"Value\" = 987654 OR \"Value\" = 7")).ToList();
        }

        Capture.Dispose();
        var queryEvent = Assert.Single(ReportOf(scope).Scope.Events);
        var line = Assert.Single(QueryLines());

        var expected = Db.Kind == "postgresql"
            ? "SELECT \"Id\" FROM \"Votes\" WHERE \"Value\" = $1 OR \"Value\" = $2"
            : "SELECT \"Id\" FROM \"Votes\" WHERE \"Value\" = ? OR \"Value\" = ?";
        Assert.Equal(expected, queryEvent.Sql);
        Assert.Equal(expected, line.GetProperty("sql").GetString());
        Assert.Equal(Db.Kind, queryEvent.Db);
        Assert.Equal(Db.Kind, line.GetProperty("db").GetString());
        var fullScan = Assert.Single(await AnalyzeWithDbAsync(), f => f.Rule == "full-scan");
        Assert.Equal("Votes", fullScan.Table);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_path);
        GC.SuppressFinalize(this);
    }

    /// <summary>Enough votes that reading them all is a full scan worth reporting.</summary>
    private async Task SeedVotesAsync()
    {
        await using var connection = Db.OpenConnection();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < 1200)
            INSERT INTO "Votes" ("MemberId", "Value") SELECT 1, x FROM g;
            ANALYZE;
            """;
        await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary><c>analyze --db</c> of the log: every statement must be explained (no failure) on this database.</summary>
    private async Task<IReadOnlyList<Finding>> AnalyzeWithDbAsync()
    {
        var workload = EventLogAnalysis.Run([_path], Untimed());
        await using var database = Db.OpenConnection();
        var failures = new List<string>();
        var report = await DatabaseAnalysis.AddToAsync(
            workload,
            DatabaseInspector.For(database, Db.Kind == "postgresql" ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite),
            statementFailed: (statement, exception) => failures.Add(statement + ": " + exception.Message),
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(failures);
        return report.Findings;
    }

    /// <summary>A table alias as the provider writes it: Npgsql leaves lower-case aliases unquoted, SQLite quotes them.</summary>
    private string Alias(string alias) => Db.Kind == "postgresql" ? alias : "\"" + alias + "\"";

    private IEnumerable<JsonElement> QueryLines() =>
        File.ReadAllLines(_path)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => !e.TryGetProperty("type", out var type) || type.GetString() != "scope");
}

public sealed class SqlitePrivacyCaptureTests : PrivacyCaptureTests
{
}

public sealed class PostgresPrivacyCaptureTests : PrivacyCaptureTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
}

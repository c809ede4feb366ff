using System.Text.Json;
using QueryDoctor.Cli.Tests.Database;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Commands;

/// <summary><c>analyze FILE --db CONN</c>: the workload judged with the database's plans and schema.</summary>
public sealed class AnalyzeDatabaseTests
{
    private const string Log =
        "{\"scope\":\"GET /orders\",\"sql\":\"SELECT * FROM orders WHERE note = @note\",\"parameters\":{\"@note\":\"n7\"},\"callSite\":\"Orders.cs:12\"}\n" +
        "{\"scope\":\"GET /orders\",\"sql\":\"SELECT * FROM orders WHERE status = @s\",\"callSite\":\"Orders.cs:20\"}\n" +
        "{\"scope\":\"POST /teams\",\"sql\":\"SELECT id FROM memberships WHERE team_id = @t AND user_id = @u\",\"callSite\":\"Teams.cs:5\"}\n" +
        "{\"scope\":\"POST /teams\",\"sql\":\"INSERT INTO memberships (team_id, user_id) VALUES (@t, @u)\",\"callSite\":\"Teams.cs:9\"}\n" +
        "{\"scope\":\"POST /likes\",\"sql\":\"SELECT id FROM likes WHERE post_id = @p AND user_id = @u\",\"callSite\":\"Likes.cs:5\"}\n" +
        "{\"scope\":\"POST /likes\",\"sql\":\"INSERT INTO likes (post_id, user_id) VALUES (@p, @u)\",\"callSite\":\"Likes.cs:9\"}\n";

    private static List<JsonElement> Findings(string json, string rule) =>
        JsonDocument.Parse(json).RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == rule)
            .ToList();

    private static void AssertDatabaseFindings(CliRunner.Result result)
    {
        result.ExitCode.ShouldBe(0, result.Error);
        var scan = Findings(result.Out, "full-scan").ShouldHaveSingleItem();
        scan.GetProperty("table").GetString().ShouldBe("orders");
        scan.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ShouldBe(["note"]);
        scan.GetProperty("scope").GetString().ShouldBe("GET /orders");
        scan.GetProperty("callSite").GetString().ShouldBe("Orders.cs:12");
        scan.GetProperty("ddl").GetString().ShouldBe("CREATE INDEX ix_orders_note ON orders (note);");

        // memberships is protected by a unique index: only likes races.
        Findings(result.Out, "check-then-insert").ShouldHaveSingleItem().GetProperty("table").GetString().ShouldBe("likes");
        Findings(result.Out, "missing-primary-key").ShouldHaveSingleItem().GetProperty("table").GetString().ShouldBe("audit_log");
    }

    [Fact]
    public void Analyze_WithoutDb_ReportsBothCheckThenInsertsAndNoDatabaseRules()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--format", "json");

        Findings(result.Out, "check-then-insert").Count.ShouldBe(2);
        Findings(result.Out, "full-scan").ShouldBeEmpty();
        Findings(result.Out, "missing-primary-key").ShouldBeEmpty();
    }

    [Fact]
    public void Analyze_WithSqliteDb_AddsFullScanSchemaFindingsAndSettlesCheckThenInsert()
    {
        AssertDatabaseFindings(CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", DatabaseFiles.Sqlite(), "--format", "json"));
    }

    [Fact]
    public async Task Analyze_WithPostgresDb_AddsFullScanSchemaFindingsAndSettlesCheckThenInsert()
    {
        var connectionString = await DatabaseFiles.PostgresAsync();

        AssertDatabaseFindings(CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", connectionString, "--provider", "postgresql", "--format", "json"));
    }

    [Fact]
    public void Analyze_FullScanThresholdAndDisable_AreHonoured()
    {
        var db = DatabaseFiles.Sqlite();

        var above = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", db, "--format", "json", "--threshold", "full-scan=5000");
        var disabled = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", db, "--format", "json", "--disable", "full-scan");
        var below = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", db, "--format", "json", "--threshold", "full-scan=2000");

        Findings(above.Out, "full-scan").ShouldBeEmpty();
        Findings(disabled.Out, "full-scan").ShouldBeEmpty();
        Findings(below.Out, "full-scan").ShouldHaveSingleItem();
    }

    [Fact]
    public void Analyze_StatementTheDatabaseCannotPlan_WarnsAndGoesOn()
    {
        var log = CliRunner.TempFile(Log + "{\"scope\":\"x\",\"sql\":\"SELECT * FROM gone WHERE id = 1\"}\n");

        var result = CliRunner.Run("analyze", log, "--db", DatabaseFiles.Sqlite(), "--format", "json");

        result.ExitCode.ShouldBe(0);
        result.Error.ShouldContain("warning: skipped 'SELECT * FROM gone");
        Findings(result.Out, "full-scan").ShouldHaveSingleItem();
    }

    [Fact]
    public void Analyze_Console_ShowsDatabaseFindingsUnderTheirScopeAndTheDatabase()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", DatabaseFiles.Sqlite());

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("full-scan");
        result.Out.ShouldContain("(database)");
        result.Out.ShouldContain("3 scopes");
    }

    [Fact]
    public void Analyze_MissingDatabaseFile_Exit2()
    {
        var missing = Path.Combine(Path.GetTempPath(), "qd-missing-" + Guid.NewGuid().ToString("N") + ".db");

        DoctorCommandTests.AssertOneLineError(CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", missing), "no such file");
        File.Exists(missing).ShouldBeFalse();
    }

    [Fact]
    public void Analyze_ThresholdOnARuleWithoutOne_Exit2()
    {
        DoctorCommandTests.AssertOneLineError(
            CliRunner.Run("analyze", CliRunner.TempFile(Log), "--threshold", "redundant-index=3"),
            "rule 'redundant-index' has no threshold");
    }

    [Fact]
    public void Analyze_ProviderWithoutDb_Exit2()
    {
        DoctorCommandTests.AssertOneLineError(
            CliRunner.Run("analyze", CliRunner.TempFile(Log), "--provider", "sqlite"),
            "--provider sqlite needs --db");
    }

    [Fact]
    public void DoctorHelp_DescribesDbAndProvider()
    {
        var result = CliRunner.Run("doctor", "--help");

        result.ExitCode.ShouldBe(0);
        result.Out.ShouldContain("--db");
        result.Out.ShouldContain("--provider");
        result.Out.ShouldContain("Read-only");
    }
}

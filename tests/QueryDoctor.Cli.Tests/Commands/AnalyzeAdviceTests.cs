using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using QueryDoctor.Cli.Tests.Database;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Commands;

/// <summary><c>analyze FILE --db CONN</c> with the index advisor: <c>missing-index</c> findings proved by what-if plans.</summary>
public sealed class AnalyzeAdviceTests
{
    private const string Log =
        "{\"scope\":\"GET /orders\",\"sql\":\"SELECT * FROM orders WHERE note = @note\",\"parameters\":{\"@note\":\"n7\"},\"callSite\":\"Orders.cs:12\",\"durationMs\":9}\n" +
        "{\"scope\":\"GET /orders\",\"sql\":\"SELECT * FROM orders WHERE note = @note\",\"parameters\":{\"@note\":\"n8\"},\"callSite\":\"Orders.cs:12\",\"durationMs\":9}\n" +
        "{\"scope\":\"GET /orders\",\"sql\":\"SELECT * FROM orders WHERE status = @s\",\"parameters\":{\"@s\":1},\"callSite\":\"Orders.cs:20\"}\n";

    private static List<JsonElement> MissingIndexes(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == "missing-index")
            .ToList();

    [Fact]
    public void Sqlite_ProvenIndexRecommended_FileByteIdentical()
    {
        var db = DatabaseFiles.Sqlite();
        var before = SHA256.HashData(File.ReadAllBytes(db));

        var result = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", db, "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        var finding = MissingIndexes(result.Out).ShouldHaveSingleItem(); // status is already led by an index
        finding.GetProperty("table").GetString().ShouldBe("orders");
        finding.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ShouldBe(["note"]);
        finding.GetProperty("ddl").GetString().ShouldBe("CREATE INDEX ix_orders_note ON orders (note);");
        finding.GetProperty("count").GetInt32().ShouldBe(2);
        finding.GetProperty("planBefore").GetString()!.ShouldContain("SCAN orders");
        finding.GetProperty("planAfter").GetString()!.ShouldContain("ix_orders_note");
        finding.GetProperty("suggestion").GetString()!.ShouldContain("HasIndex(e => e.Note)");
        SHA256.HashData(File.ReadAllBytes(db)).ShouldBe(before);
    }

    [Fact]
    public void Sqlite_DisableMissingIndex_NoAdvice()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", DatabaseFiles.Sqlite(), "--format", "json", "--disable", "missing-index");

        result.ExitCode.ShouldBe(0, result.Error);
        MissingIndexes(result.Out).ShouldBeEmpty();
    }

    [Fact]
    public void MaxIndexesWithoutDb_Exit2() =>
        DoctorCommandTests.AssertOneLineError(CliRunner.Run("analyze", CliRunner.TempFile(Log), "--max-indexes", "3"), "--max-indexes needs --db");

    [Fact]
    public void MaxIndexesZero_Exit2() =>
        DoctorCommandTests.AssertOneLineError(
            CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", DatabaseFiles.Sqlite(), "--max-indexes", "0"),
            "--max-indexes 0");

    [Fact]
    public void Sarif_DescribesMissingIndex()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", DatabaseFiles.Sqlite(), "--format", "sarif");

        result.ExitCode.ShouldBe(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var run = json.RootElement.GetProperty("runs")[0];
        run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .ShouldContain(r => r.GetProperty("id").GetString() == "missing-index" && r.GetProperty("shortDescription").GetProperty("text").GetString() == "Missing index");
        run.GetProperty("results").EnumerateArray().ShouldContain(r => r.GetProperty("ruleId").GetString() == "missing-index");
    }

    [Fact]
    public async Task Postgres_WithHypoPg_ProvenIndexRecommended()
    {
        var connectionString = await DatabaseFiles.PostgresAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("CREATE EXTENSION hypopg", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var result = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", connectionString, "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        var finding = MissingIndexes(result.Out).ShouldHaveSingleItem();
        finding.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ShouldBe(["note"]);
        finding.GetProperty("planBefore").GetString()!.ShouldContain("Seq Scan");
    }

    [Fact]
    public async Task Postgres_WithoutHypoPg_WarnsAndKeepsTheOtherFindings()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(Log), "--db", await DatabaseFiles.PostgresAsync(), "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Error.ShouldContain("warning: no index advice");
        result.Error.ShouldContain("HypoPG");
        MissingIndexes(result.Out).ShouldBeEmpty();
        JsonDocument.Parse(result.Out).RootElement.GetProperty("findings").EnumerateArray()
            .ShouldContain(f => f.GetProperty("rule").GetString() == "full-scan");
    }
}

using System.Text.Json;
using Npgsql;
using QueryDoctor.Cli.Tests.Database;
using QueryDoctor.Sql;
using QueryDoctor.TestSupport;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Commands;

/// <summary><c>doctor --workload pg-stat-statements</c> on a real PostgreSQL 15 that preloads the extension, with HypoPG.</summary>
public sealed class DoctorWorkloadCommandTests(StatementsWorkloadDatabase database) : IClassFixture<StatementsWorkloadDatabase>
{
    private static List<JsonElement> Findings(string json, string rule) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == rule)];

    private static string Columns(JsonElement finding) =>
        finding.GetProperty("table").GetString() + "(" + string.Join(", ", finding.GetProperty("columns").EnumerateArray().Select(c => c.GetString())) + ")";

    [Fact]
    public async Task Doctor_PgStatStatementsAsReadOnlyRole_FewerIndexesServeEveryStatementAndTheCatalogIsUnchanged()
    {
        var before = await database.CatalogAsync();

        var result = CliRunner.Run("doctor", "--db", database.ReaderConnectionString, "--workload", "pg-stat-statements", "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        var advice = Findings(result.Out, "missing-index");
        string.Join(" | ", advice.Select(Columns).Order(StringComparer.Ordinal))
            .ShouldBe("articles(author_id, created_at) | articles(created_at) | favorites(article_id, user_id)", result.Error);
        advice.Count.ShouldBeLessThan(StatementsWorkloadDatabase.Statements.Length);
        var served = advice.SelectMany(f => f.GetProperty("fingerprints").EnumerateArray().Select(e => e.GetString())).ToHashSet();
        served.ShouldBe(StatementsWorkloadDatabase.Statements.Select(s => SqlFingerprint.Of(s).Id).ToHashSet(), ignoreOrder: true);
        advice.ShouldAllBe(f => f.GetProperty("planBefore").GetString()!.Contains("Seq Scan"));

        // Calls and time come from pg_stat_statements: each index serves at least the 30 calls of one statement.
        advice.ShouldAllBe(f => f.GetProperty("count").GetInt32() >= 30);
        Findings(result.Out, "full-scan").ShouldNotBeEmpty();
        (await database.CatalogAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Doctor_WhatIfDbScratchCopy_BuildsMeasuresAndDropsRealIndexesThere()
    {
        var scratch = await CopyAsync();
        var before = await database.CatalogAsync();

        var result = CliRunner.Run("doctor", "--db", database.ReaderConnectionString, "--workload", "pg-stat-statements",
            "--what-if-db", scratch, "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        Findings(result.Out, "missing-index").Select(Columns).ShouldContain("favorites(article_id, user_id)");
        (await database.CatalogAsync()).ShouldBe(before);
        await using var connection = new NpgsqlConnection(scratch);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'qd_whatif%'", connection);
        ((long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).ShouldBe(0);
    }

    [Fact]
    public void Doctor_WhatIfDbIsTheInspectedDatabase_Exit2()
    {
        var result = CliRunner.Run("doctor", "--db", database.ReaderConnectionString, "--workload", "pg-stat-statements",
            "--what-if-db", database.OwnerConnectionString);

        result.ExitCode.ShouldBe(2);
        result.Error.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("--what-if-db points at the --db database itself");
    }

    [Fact]
    public async Task Doctor_ExtensionNotCreatedInTheDatabase_OneLineSayingHowExit2()
    {
        var cluster = await PostgresCluster.GetWithPgStatStatementsAsync();
        var connectionString = await cluster.CreateDatabaseAsync("pgss_missing");

        var result = CliRunner.Run("doctor", "--db", connectionString, "--workload", "pg-stat-statements");

        result.ExitCode.ShouldBe(2);
        var line = result.Error.Trim().Split('\n').ShouldHaveSingleItem();
        line.ShouldContain("CREATE EXTENSION pg_stat_statements");
        line.ShouldNotContain("shared_preload_libraries");
    }

    [Fact]
    public async Task Doctor_ServerWithoutTheLibrary_SaysToPreloadItExit2()
    {
        var cluster = await PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("pgss_unloaded");

        var result = CliRunner.Run("doctor", "--db", connectionString, "--workload", "pg-stat-statements");

        result.ExitCode.ShouldBe(2);
        result.Error.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("shared_preload_libraries = 'pg_stat_statements'");
    }

    [Fact]
    public async Task Doctor_RoleWithoutReadAllStats_OneLineNamingTheGrantExit2()
    {
        await using (var connection = new NpgsqlConnection(database.OwnerConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await StatementsWorkloadDatabase.ExecuteAsync(connection, """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'qd_nobody') THEN CREATE ROLE qd_nobody LOGIN; END IF;
                END $$;
                """);
        }

        var nobody = new NpgsqlConnectionStringBuilder(database.OwnerConnectionString) { Username = "qd_nobody" }.ConnectionString;
        var result = CliRunner.Run("doctor", "--db", nobody, "--workload", "pg-stat-statements");

        result.ExitCode.ShouldBe(2);
        result.Error.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("GRANT pg_read_all_stats TO \"qd_nobody\"");
    }

    [Fact]
    public async Task Doctor_WithoutHypoPg_SaysHowToEnableItAndStillReportsFullScans()
    {
        var scratch = await CopyAsync();
        await using (var connection = new NpgsqlConnection(scratch))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await StatementsWorkloadDatabase.ExecuteAsync(connection, "DROP EXTENSION hypopg");
            for (var i = 1; i <= 5; i++)
            {
                await using var command = new NpgsqlCommand(StatementsWorkloadDatabase.Statements[4], connection);
                command.Parameters.Add(new NpgsqlParameter { Value = i * 11 });
                await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
            }
        }

        var reader = new NpgsqlConnectionStringBuilder(scratch) { Username = StatementsWorkloadDatabase.ReaderRole }.ConnectionString;
        var result = CliRunner.Run("doctor", "--db", reader, "--workload", "pg-stat-statements", "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        Findings(result.Out, "missing-index").ShouldBeEmpty();
        Findings(result.Out, "full-scan").ShouldHaveSingleItem().GetProperty("table").GetString().ShouldBe("favorites");
        result.Error.ShouldContain("CREATE EXTENSION hypopg");
        result.Error.ShouldContain("postgresql-15-hypopg");
        result.Error.ShouldContain("--what-if-db");
    }

    [Fact]
    public void Doctor_TopWithoutWorkload_Exit2()
    {
        var result = CliRunner.Run("doctor", "--db", database.ReaderConnectionString, "--top", "5");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--top needs --workload pg-stat-statements");
    }

    /// <summary>A scratch copy of the workload database (CREATE DATABASE … TEMPLATE), as a staging clone would be.</summary>
    private async Task<string> CopyAsync()
    {
        var name = database.Name + "_copy_" + Guid.NewGuid().ToString("N")[..6];
        await using var connection = new NpgsqlConnection(database.Cluster.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await StatementsWorkloadDatabase.ExecuteAsync(connection, $"CREATE DATABASE \"{name}\" TEMPLATE \"{database.Name}\"");
        return database.Cluster.ConnectionStringFor(name);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using QueryDoctor.Cli.Tests.Database;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Commands;

public sealed class DoctorCommandTests
{
    private static List<(string Rule, string? Table)> Findings(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("rule").GetString()!, f.TryGetProperty("table", out var t) ? t.GetString() : null))
            .ToList();

    [Fact]
    public void Doctor_SqliteFile_ReportsSchemaFindingsAsJson()
    {
        var path = DatabaseFiles.Sqlite();

        var result = CliRunner.Run("doctor", "--db", path, "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        Findings(result.Out).Order().ShouldBe([
            ("missing-primary-key", "audit_log"),
            ("redundant-index", "orders"),
            ("unindexed-foreign-key", "orders")]);
        var root = JsonDocument.Parse(result.Out).RootElement;
        root.GetProperty("summary").GetProperty("findings").GetInt32().ShouldBe(3);
        root.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "unindexed-foreign-key")
            .GetProperty("ddl").GetString().ShouldBe("CREATE INDEX ix_orders_customer_id ON orders (customer_id);");
    }

    [Fact]
    public void Doctor_Console_ShowsFindingsAndFixesWithoutScopes()
    {
        var result = CliRunner.Run("doctor", "--db", "Data Source=" + DatabaseFiles.Sqlite());

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("QueryDoctor · database schema");
        result.Out.ShouldContain("Table audit_log has no primary key");
        result.Out.ShouldContain("DROP INDEX ix_orders_status;");
        result.Out.ShouldContain("3 findings (");
        result.Out.ShouldNotContain("scope");
    }

    [Theory]
    [InlineData("sarif")]
    [InlineData("markdown")]
    [InlineData("html")]
    public void Doctor_EveryReportFormat_CarriesTheDatabaseRules(string format)
    {
        var result = CliRunner.Run("doctor", "--db", DatabaseFiles.Sqlite(), "--format", format);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("unindexed-foreign-key");
        result.Out.ShouldContain("missing-primary-key");
        result.Out.ShouldContain("CREATE INDEX ix_orders_customer_id ON orders (customer_id);");
    }

    [Fact]
    public void Doctor_Sarif_DescribesTheDatabaseRules()
    {
        var result = CliRunner.Run("doctor", "--db", DatabaseFiles.Sqlite(), "--format", "sarif");

        var run = JsonDocument.Parse(result.Out).RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        rules.ShouldContain("unindexed-foreign-key");
        rules.ShouldContain("full-scan");
        run.GetProperty("results").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public void Doctor_CleanSchema_SaysSoAndExits0EvenWithFailOn()
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-clean-" + Guid.NewGuid().ToString("N") + ".db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE blogs (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE posts (id INTEGER PRIMARY KEY, blog_id INTEGER REFERENCES blogs (id)); CREATE INDEX ix_posts_blog_id ON posts (blog_id)";
            command.ExecuteNonQuery();
        }

        var result = CliRunner.Run("doctor", "--db", path, "--fail-on", "info");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("No findings. The schema passed every check.");
    }

    [Fact]
    public void Doctor_SqliteFile_StaysByteIdentical()
    {
        var path = DatabaseFiles.Sqlite();
        var before = SHA256.HashData(File.ReadAllBytes(path));

        CliRunner.Run("doctor", "--db", path, "--format", "json").ExitCode.ShouldBe(0);
        CliRunner.Run("analyze", CliRunner.TempFile("{\"scope\":\"s\",\"sql\":\"SELECT * FROM orders WHERE note = @n\"}\n"), "--db", path).ExitCode.ShouldBe(0);

        SHA256.HashData(File.ReadAllBytes(path)).ShouldBe(before);
    }

    [Fact]
    public void Doctor_WalModeDatabase_AsEfCoreCreatesThem_IsReadAndLeftUnchanged()
    {
        var path = DatabaseFiles.Sqlite();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = wal";
            command.ExecuteScalar().ShouldBe("wal");
        }

        var before = SHA256.HashData(File.ReadAllBytes(path));

        var result = CliRunner.Run("doctor", "--db", path, "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        Findings(result.Out).Count.ShouldBe(3);
        SHA256.HashData(File.ReadAllBytes(path)).ShouldBe(before);
    }

    [Theory]
    [InlineData("warning", 1)]
    [InlineData("error", 0)]
    public void Doctor_FailOn_ExitCodeFollowsFindings(string failOn, int exitCode) =>
        CliRunner.Run("doctor", "--db", DatabaseFiles.Sqlite(), "--fail-on", failOn).ExitCode.ShouldBe(exitCode);

    [Fact]
    public void Doctor_SeverityAndDisable_ApplyToDatabaseRules()
    {
        var result = CliRunner.Run(
            "doctor", "--db", DatabaseFiles.Sqlite(), "--format", "json",
            "--disable", "redundant-index", "--severity", "missing-primary-key=error", "--fail-on", "error");

        result.ExitCode.ShouldBe(1);
        Findings(result.Out).Select(f => f.Rule).Order().ShouldBe(["missing-primary-key", "unindexed-foreign-key"]);
        JsonDocument.Parse(result.Out).RootElement.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("rule").GetString() == "missing-primary-key").GetProperty("severity").GetString().ShouldBe("error");
    }

    [Fact]
    public async Task Doctor_Postgres_ReportsSchemaFindingsIncludingUnusedIndexes()
    {
        var connectionString = await DatabaseFiles.PostgresAsync();

        var result = CliRunner.Run("doctor", "--db", connectionString, "--format", "json", "--threshold", "unused-index=0");

        result.ExitCode.ShouldBe(0, result.Error);
        var findings = Findings(result.Out);
        findings.ShouldContain(("unindexed-foreign-key", "orders"));
        findings.ShouldContain(("redundant-index", "orders"));
        findings.ShouldContain(("missing-primary-key", "audit_log"));
        findings.ShouldContain(("unused-index", "orders"));
    }

    [Fact]
    public async Task Doctor_PostgresFreshServer_NoUnusedIndexClaimAndOneLineSayingHowOldTheStatisticsAre()
    {
        var connectionString = await DatabaseFiles.PostgresAsync();

        var result = CliRunner.Run("doctor", "--db", connectionString, "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        Findings(result.Out).ShouldNotContain(f => f.Rule == "unused-index");
        var note = result.Error.Split('\n').Where(l => l.Contains("unused-index", StringComparison.Ordinal)).ShouldHaveSingleItem();
        note.ShouldContain("minutes old");
        note.ShouldContain("7 days");
    }

    [Fact]
    public void Doctor_UnusedIndexThresholdNotANumber_Exit2()
    {
        var result = CliRunner.Run("doctor", "--db", DatabaseFiles.Sqlite(), "--threshold", "unused-index=soon");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--threshold unused-index=soon");
    }

    [Fact]
    public void Doctor_MissingSqliteFile_Exit2AndTheFileIsNotCreated()
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-missing-" + Guid.NewGuid().ToString("N") + ".db");

        var result = CliRunner.Run("doctor", "--db", path);

        AssertOneLineError(result, "no such file");
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public void Doctor_UnreachablePostgres_Exit2()
    {
        var result = CliRunner.Run("doctor", "--db", $"Host=127.0.0.1;Port={ClosedPort()};Database=app;Username=app;Timeout=5");

        AssertOneLineError(result, "cannot connect to the PostgreSQL database");
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Frobnicate=yes", null, "bad PostgreSQL connection string")]
    [InlineData("Data Source=x.db;Colour=blue", null, "bad SQLite connection string")]
    [InlineData("Cache=Shared;Foo=bar", null, "cannot tell the database engine")]
    [InlineData("app.db", "mysql", "Argument 'mysql' not recognized")]
    [InlineData("", null, "--db is empty")]
    [InlineData("postgresql://app@localhost/app", null, "bad PostgreSQL connection string")]
    [InlineData("/tmp", null, "it is a folder")]
    public void Doctor_BadConnectionOrProvider_Exit2(string db, string? provider, string expected)
    {
        var args = provider is null ? new[] { "doctor", "--db", db } : ["doctor", "--db", db, "--provider", provider];

        AssertOneLineError(CliRunner.Run(args), expected);
    }

    [Fact]
    public async Task Doctor_PostgresDatabaseThatDoesNotExist_Exit2()
    {
        var cluster = await QueryDoctor.TestSupport.PostgresCluster.GetAsync();

        var result = CliRunner.Run("doctor", "--db", cluster.ConnectionStringFor("no_such_database"));

        AssertOneLineError(result, "cannot connect to the PostgreSQL database");
        result.Error.ShouldContain("no_such_database");
    }

    [Fact]
    public void Doctor_FileThatIsNotADatabase_Exit2()
    {
        var result = CliRunner.Run("doctor", "--db", CliRunner.TempFile("hello, not sqlite", ".db"));

        AssertOneLineError(result, "cannot read the SQLite database");
    }

    [Fact]
    public void Doctor_WithoutDb_Exit2()
    {
        AssertOneLineError(CliRunner.Run("doctor"), "--db");
    }

    [Fact]
    public void Doctor_ExplicitProviderOverridesInference()
    {
        // A SQLite file named like a key=value string would be misread without --provider.
        var path = DatabaseFiles.Sqlite();

        var result = CliRunner.Run("doctor", "--db", path, "--provider", "postgresql");

        AssertOneLineError(result, "bad PostgreSQL connection string");
    }

    internal static void AssertOneLineError(CliRunner.Result result, string expected)
    {
        result.ExitCode.ShouldBe(2);
        result.Out.ShouldBe("");
        result.Error.ShouldContain(expected);
        result.Error.TrimEnd('\n').Split('\n').ShouldHaveSingleItem();
        result.Error.ShouldNotContain("   at ");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

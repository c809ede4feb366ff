using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Database;

/// <summary>
/// SQLite inspection leaves nothing behind, reads WAL databases that cannot be written, and gives up on a
/// locked file after a short, configurable wait.
/// </summary>
/// <remarks>
/// The tests run as root, which file permissions do not stop, so "cannot be written" is made real with the
/// immutable attribute (<c>chattr +i</c>), which denies writes to root too; each such test first proves the
/// denial by failing to create a file in the folder.
/// </remarks>
public sealed class SqliteFileSafetyTests
{
    private const string Schema =
        "PRAGMA journal_mode=WAL; CREATE TABLE blogs (id INTEGER PRIMARY KEY); " +
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, blog_id INTEGER REFERENCES blogs (id)); INSERT INTO blogs VALUES (1);";

    [Fact]
    public void Doctor_WalDatabase_LeavesNoShmOrWalFilesAndTheFileUnchanged()
    {
        var path = WalDatabase(Directory.CreateTempSubdirectory("qd-wal-").FullName);
        var before = File.ReadAllBytes(path);

        var result = CliRunner.Run("doctor", "--db", path, "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("unindexed-foreign-key");
        File.Exists(path + "-wal").ShouldBeFalse();
        File.Exists(path + "-shm").ShouldBeFalse();
        File.ReadAllBytes(path).ShouldBe(before);
    }

    [Fact]
    public void AnalyzeWithDb_WalDatabase_LeavesNoShmOrWalFiles()
    {
        var path = WalDatabase(Directory.CreateTempSubdirectory("qd-wal-").FullName);
        var log = CliRunner.TempFile("{\"scope\":\"s\",\"sql\":\"SELECT * FROM posts WHERE blog_id = 1\"}\n");

        var result = CliRunner.Run("analyze", log, "--db", path, "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("unindexed-foreign-key");
        File.Exists(path + "-wal").ShouldBeFalse();
        File.Exists(path + "-shm").ShouldBeFalse();
    }

    [Fact]
    public void Doctor_WalDatabaseInAFolderThatCannotBeWritten_IsInspected()
    {
        var folder = Directory.CreateTempSubdirectory("qd-wal-ro-").FullName;
        var path = WalDatabase(folder);
        Chattr("+i", path);
        Chattr("+i", folder);
        try
        {
            Should.Throw<Exception>(() => File.WriteAllText(Path.Combine(folder, "probe"), "x"));
            Should.Throw<Exception>(() => File.AppendAllText(path, "x"));

            var result = CliRunner.Run("doctor", "--db", path, "--format", "json");

            result.ExitCode.ShouldBe(0, result.Error);
            result.Out.ShouldContain("unindexed-foreign-key");
            Directory.GetFiles(folder).ShouldBe([path]);
        }
        finally
        {
            Chattr("-i", folder);
            Chattr("-i", path);
        }
    }

    [Fact]
    public void Doctor_WalDatabaseWithPendingWal_SeesTheUncheckpointedTables()
    {
        var path = WalDatabase(Directory.CreateTempSubdirectory("qd-wal-open-").FullName);
        using var writer = new SqliteConnection($"Data Source={path};Pooling=False");
        writer.Open();
        using (var command = writer.CreateCommand())
        {
            command.CommandText = "PRAGMA wal_autocheckpoint=0; CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts (id));";
            command.ExecuteNonQuery();
        }

        var result = CliRunner.Run("doctor", "--db", path, "--format", "json");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("comments");
    }

    [Fact]
    public void Doctor_LockedDatabase_FailsOnOneLineNamingTheOption()
    {
        var path = DatabaseFiles.Sqlite();
        using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using (var command = holder.CreateCommand())
        {
            command.CommandText = "BEGIN EXCLUSIVE; INSERT INTO orders (id, status, created, note) VALUES (-1, 0, 0, 'x');";
            command.ExecuteNonQuery();
        }

        var result = CliRunner.Run("doctor", "--db", path, "--lock-timeout", "1");

        result.ExitCode.ShouldBe(2);
        result.Out.ShouldBeEmpty();
        result.Error.TrimEnd().Split('\n').Length.ShouldBe(1, result.Error);
        result.Error.ShouldContain("locked");
        result.Error.ShouldContain("--lock-timeout");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("100000")]
    public void Doctor_LockTimeoutOutOfRange_IsAUsageError(string seconds)
    {
        var result = CliRunner.Run("doctor", "--db", DatabaseFiles.Sqlite(), "--lock-timeout", seconds);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--lock-timeout");
    }

    private static string WalDatabase(string folder)
    {
        var path = Path.Combine(folder, "app.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = Schema;
            command.ExecuteNonQuery();
        }

        File.Exists(path + "-wal").ShouldBeFalse("the last connection to close checkpoints and removes the WAL");
        File.ReadAllBytes(path)[18].ShouldBe((byte)2, "the database is in WAL mode");
        return path;
    }

    private static void Chattr(string change, string path)
    {
        using var process = Process.Start(new ProcessStartInfo("chattr", [change, path]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"chattr {change} {path}: {error}");
    }
}

using QueryDoctor.Cli.Tests.Database;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Commands;

/// <summary>Unknown options, empty logs and terminal control codes in input.</summary>
public sealed class HostileInputTests
{
    private const string Log =
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":1},\"callSite\":\"B.cs:25\"}\n" +
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":2},\"callSite\":\"B.cs:25\"}\n" +
        "{\"scope\":\"GET /blogs\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":3},\"callSite\":\"B.cs:25\"}\n";

    public static TheoryData<string> Verbs() => ["analyze", "compare", "baseline", "doctor", "demo"];

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Run_UnknownOption_IsAUsageErrorOnOneLine(string verb)
    {
        var log = CliRunner.TempFile(Log);
        string[] args = verb switch
        {
            "compare" => [verb, log, log, "--unknown-flag"],
            "doctor" => [verb, "--db", DatabaseFiles.Sqlite(), "--unknown-flag"],
            "demo" => [verb, "--unknown-flag"],
            _ => [verb, log, "--unknown-flag"],
        };

        var result = CliRunner.Run(args);

        result.ExitCode.ShouldBe(2);
        result.Out.ShouldBeEmpty();
        var lines = result.Error.TrimEnd().Split('\n');
        lines.Length.ShouldBe(1, result.Error);
        var line = lines[0];
        line.ShouldContain("--unknown-flag");
        line.ShouldNotContain("cannot read");
    }

    [Fact]
    public void Analyze_UnknownShortOptionBeforeTheFile_IsAUsageError()
    {
        var result = CliRunner.Run("analyze", "-z", CliRunner.TempFile(Log));

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("unknown option '-z'");
    }

    [Fact]
    public void Analyze_FileNamedLikeAnOptionAfterDoubleDash_IsRead()
    {
        var folder = Directory.CreateTempSubdirectory("qd-dash-");
        File.WriteAllText(Path.Combine(folder.FullName, "-log.jsonl"), Log);
        var previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = folder.FullName;
            var result = CliRunner.Run("analyze", "--format", "json", "--", "-log.jsonl");

            result.ExitCode.ShouldBe(0, result.Error);
            result.Out.ShouldContain("n-plus-one");
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Fact]
    public void Analyze_EmptyLog_SaysThereWereNoStatements()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile(""));

        result.ExitCode.ShouldBe(0);
        result.Out.ShouldContain("No statements to analyse");
        result.Out.ShouldNotContain("schema");
    }

    [Fact]
    public void Analyze_OnlyInvalidLinesSkipped_SaysEveryLineWasSkipped()
    {
        var result = CliRunner.Run("analyze", CliRunner.TempFile("oops\nnope\n"), "--skip-invalid");

        result.ExitCode.ShouldBe(0);
        result.Out.ShouldContain("every line of the event log was skipped");
        result.Out.ShouldNotContain("schema");
    }

    [Fact]
    public void Doctor_CleanSchema_StillSaysTheSchemaPassed()
    {
        var db = DatabaseFiles.Sqlite();
        var result = CliRunner.Run("doctor", "--db", db, "--disable", "unindexed-foreign-key", "--disable", "redundant-index", "--disable", "missing-primary-key");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("The schema passed every check");
    }

    public static TheoryData<string> HostileTexts() =>
    [
        "s\u001b[2J\u001b]0;pwned\u0007",
        "bell\u0007and\u0008backspace",
        "c1\u009b31mred",
        "rtl\u202egnp.exe",
        "isolate\u2066x\u2069",
        "del\u007f",
    ];

    [Theory]
    [MemberData(nameof(HostileTexts))]
    public void Analyze_ControlCharactersInScopeSqlAndCallSite_AreNeutralisedOnTheConsole(string hostile)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(hostile);
        var sqlJson = System.Text.Json.JsonSerializer.Serialize("SELECT * FROM \"" + hostile + "\" WHERE id = @b");
        var lines = string.Concat(Enumerable.Range(1, 3).Select(n =>
            $"{{\"scope\":{json},\"sql\":{sqlJson},\"parameters\":{{\"@b\":{n}}},\"callSite\":{json}}}\n"));

        var result = CliRunner.Run("analyze", CliRunner.TempFile(lines));

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("n-plus-one");
        AssertNoControlCharacters(result.Out);
        AssertNoControlCharacters(result.Error);
    }

    [Fact]
    public void Analyze_ControlCharactersInAFileName_AreNeutralisedInTheError()
    {
        var result = CliRunner.Run("analyze", "missing\u001b]0;pwned\u0007.jsonl");

        result.ExitCode.ShouldBe(2);
        AssertNoControlCharacters(result.Error);
        result.Error.ShouldContain("\\x1B]0;pwned\\x07");
    }

    [Fact]
    public void Compare_ControlCharactersInScopeNames_AreNeutralised()
    {
        var log = CliRunner.TempFile("{\"scope\":\"x\\u001b[2J\\u202e\",\"sql\":\"SELECT 1\"}\n");

        var result = CliRunner.Run("compare", log, log);

        result.ExitCode.ShouldBe(0, result.Error);
        AssertNoControlCharacters(result.Out);
        result.Out.ShouldContain("x\\x1B[2J\\u202E");
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\u001bb", "a\\x1Bb")]
    [InlineData("tab\tand\nnewline\r", "tab and newline ")]
    [InlineData("\u0085next line", "\\x85next line")]
    [InlineData("\u200fmark", "\\u200Fmark")]
    [InlineData("", "")]
    public void Safe_Text_MakesControlsVisible(string text, string expected) =>
        ConsoleText.Safe(text).ShouldBe(expected);

    private static void AssertNoControlCharacters(string text)
    {
        foreach (var c in text)
        {
            var allowed = c is '\n' or '\r' || !(c < 0x20 || c is >= '\u007f' and <= '\u009f'
                || c is '\u061c' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069'));
            allowed.ShouldBeTrue($"U+{(int)c:X4} in output:\n{text}");
        }
    }
}

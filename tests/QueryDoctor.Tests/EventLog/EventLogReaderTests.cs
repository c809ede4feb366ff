using System.Globalization;
using System.Text;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.EventLog;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;

namespace QueryDoctor.Tests.EventLog;

public sealed class EventLogReaderTests
{
    private static AnalysisReport Analyze(string jsonl, bool skipInvalid = false, DetectionOptions? options = null)
    {
        options ??= new DetectionOptions();
        var recorder = new WorkloadRecorder(options.Recording);
        var reader = new EventLogReader(recorder, new EventLogReaderOptions { SkipInvalid = skipInvalid });
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), "test.jsonl");
        return EventLogAnalysis.Analyze(recorder, new ScopeAnalyzer(options), reader.SkippedLines);
    }

    private static string Line(string scope, string sql, string parameters = "", string extra = "") =>
        $"{{\"scope\":\"{scope}\",\"sql\":\"{sql}\"{(parameters.Length > 0 ? ",\"parameters\":" + parameters : "")}{extra}}}\n";

    [Fact]
    public void Read_CommentsBetweenAndAfterProperties_SameReportAsWithout()
    {
        var plain = new StringBuilder();
        var commented = new StringBuilder();
        for (var i = 0; i < 4; i++)
        {
            plain.Append(Line("GET /a", "SELECT * FROM posts WHERE blog_id = @b", $"{{\"@b\":{i}}}", ",\"callSite\":\"Blogs.cs:25\""));
            commented.Append(CultureInfo.InvariantCulture, $"{{\"scope\":\"GET /a\", /* the request */ \"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{{\"@b\":{i}}},\"callSite\":\"Blogs.cs:25\"}} // line {i}\n");
        }

        var expected = JsonReportWriter.ToJson(Analyze(plain.ToString()));

        Assert.Equal(expected, JsonReportWriter.ToJson(Analyze(commented.ToString())));
        Assert.Contains(RuleIds.NPlusOne, expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SlashesInsideStringsOnly_ReadAsValues()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 3; i++)
        {
            text.Append(Line("GET /a//b", "SELECT * FROM posts /* tag */ WHERE blog_id = @b", $"{{\"@b\":{i}}}", ",\"callSite\":\"https://example.org/Blogs.cs:25\""));
        }

        var report = Analyze(text.ToString());

        var finding = Assert.Single(report.Findings, f => f.Rule == RuleIds.NPlusOne);
        Assert.Equal("GET /a//b", finding.Scope);
        Assert.Equal("https://example.org/Blogs.cs:25", finding.CallSite);
        Assert.Equal(0, report.SkippedLines);
    }

    [Fact]
    public void Read_InterleavedScopes_JudgedSeparately()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 3; i++)
        {
            text.Append(Line("GET /a", "SELECT * FROM posts WHERE blog_id = @b", $"{{\"@b\":{i}}}"));
            text.Append(Line("GET /b", "SELECT * FROM users WHERE id = @u", "{\"@u\":1}"));
        }

        var report = Analyze(text.ToString());

        Assert.Equal(2, report.Scopes.Count);
        Assert.Equal(6, report.EventCount);
        var nPlusOne = Assert.Single(report.Findings, f => f.Rule == RuleIds.NPlusOne);
        Assert.Equal("GET /a", nPlusOne.Scope);
        var duplicate = Assert.Single(report.Findings, f => f.Rule == RuleIds.DuplicateQuery);
        Assert.Equal("GET /b", duplicate.Scope);
        Assert.Equal(3, duplicate.Count);
    }

    [Fact]
    public void Read_PostgresArrayParameters_ComparedByValue()
    {
        const string sql = "SELECT * FROM t WHERE id = ANY($1)";
        // Different arrays are different values: batch loading by list (no n-plus-one, no duplicate) ...
        var different = Analyze(Line("s", sql, "[[1,2,3]]") + Line("s", sql, "[[1,2,4]]") + Line("s", sql, "[[5]]"));
        Assert.Empty(different.Findings);

        // ... while an array sent again is the same value: the batch loop repeats a chunk.
        var repeated = Analyze(Line("s", sql, "[[1,2,3]]") + Line("s", sql, "[[4,5]]") + Line("s", sql, "[[1,2,3]]"));
        Assert.Single(repeated.Findings, f => f.Rule == RuleIds.NPlusOne);
        var same = Analyze(Line("s", sql, "[[1,2,3]]") + Line("s", sql, "[[1,2,3]]"));
        Assert.Single(same.Findings, f => f.Rule == RuleIds.DuplicateQuery);
    }

    [Fact]
    public void Read_ParametersAbsent_ValuesUnknown_ButEmptyObjectIsKnown()
    {
        const string sql = "SELECT * FROM t WHERE id = @p";
        Assert.Single(Analyze(Line("s", sql) + Line("s", sql) + Line("s", sql)).Findings, f => f.Rule == RuleIds.NPlusOne);
        Assert.Empty(Analyze(Line("s", "SELECT 1") + Line("s", "SELECT 2")).Findings);
        Assert.Single(Analyze(Line("s", "SELECT 1", "{}") + Line("s", "SELECT 1", "{}")).Findings, f => f.Rule == RuleIds.DuplicateQuery);
    }

    [Fact]
    public void Read_ParameterNamesDiffer_ValuesCompared()
    {
        const string sql = "SELECT * FROM t WHERE id = @p";
        var report = Analyze(Line("s", sql, "{\"@a\":1}") + Line("s", sql, "{\"@b\":1}"));
        Assert.Single(report.Findings, f => f.Rule == RuleIds.DuplicateQuery);
    }

    [Fact]
    public void Read_MalformedLine_ThrowsNamingFileAndLine()
    {
        var exception = Assert.Throws<EventLogFormatException>(() => Analyze(Line("s", "SELECT 1") + "\n{not json\n"));
        Assert.Equal(3, exception.LineNumber);
        Assert.StartsWith("test.jsonl:3: not valid JSON", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"sql\":\"SELECT 1\"}", "query line without \"scope\"")]
    [InlineData("{\"scope\":\"s\"}", "query line without \"sql\"")]
    [InlineData("{\"scope\":\"s\",\"sql\":42}", "\"sql\" must be a string")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("{\"scope\":\"s\",\"sql\":\"x\"} trailing", "not valid JSON")]
    [InlineData("{\"scope\":\"s\",\"sql\":\"x\",\"parameters\":5}", "\"parameters\" must be an object or an array")]
    public void Read_InvalidLine_ReasonGiven(string line, string reason)
    {
        var exception = Assert.Throws<EventLogFormatException>(() => Analyze(line + "\n"));
        Assert.Equal(1, exception.LineNumber);
        Assert.StartsWith(reason, exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SkipInvalid_CountsAndContinues()
    {
        var report = Analyze("garbage\n" + Line("s", "SELECT 1") + "{\"sql\":\"x\"}\n", skipInvalid: true);
        Assert.Equal(2, report.SkippedLines);
        Assert.Equal(1, report.EventCount);
    }

    [Fact]
    public void Read_BlankLinesCrlfBomAndMissingFinalNewline_Accepted()
    {
        var text = "\uFEFF" + Line("s", "SELECT 1").Replace("\n", "\r\n", StringComparison.Ordinal) + "\n   \n" + Line("s", "SELECT 2").TrimEnd('\n');
        var report = Analyze(text);
        Assert.Equal(2, report.EventCount);
    }

    [Fact]
    public void Read_ScopeLines_SetDurationAndStatus_AnywhereInTheFile()
    {
        var text = "{\"type\":\"scope\",\"scope\":\"GET /x\",\"durationMs\":1234.5,\"status\":200}\n" + Line("GET /x", "SELECT 1");
        var report = Analyze(text);
        var scope = Assert.Single(report.Scopes);
        Assert.Equal(TimeSpan.FromMilliseconds(1234.5), scope.Duration);
        Assert.Equal(200, scope.Status);
        Assert.Single(report.Findings, f => f.Rule == RuleIds.SlowScope);
    }

    [Fact]
    public void Read_UnknownFieldsAndTypes_Ignored()
    {
        var text = "{\"type\":\"annotation\",\"text\":\"deploy\"}\n" +
                   Line("s", "SELECT 1", extra: ",\"future\":{\"nested\":[1,{\"a\":2}]},\"db\":\"sqlite\"");
        Assert.Equal(1, Analyze(text).EventCount);
    }

    [Fact]
    public void Read_EscapedStrings_Unescaped()
    {
        var text = "{\"scope\":\"GET \\/a\",\"sql\":\"SELECT \\\"p\\\".\\\"id\\\" FROM \\\"posts\\\" AS \\\"p\\\" WHERE \\\"p\\\".\\\"blog_id\\\" = @b\",\"parameters\":{\"@b\":1},\"callSite\":\"A\\u002Ecs:1\"}\n";
        var report = Analyze(text + text.Replace("\"@b\":1", "\"@b\":2", StringComparison.Ordinal) + text.Replace("\"@b\":1", "\"@b\":3", StringComparison.Ordinal));
        var finding = Assert.Single(report.Findings);
        Assert.Equal("GET /a", finding.Scope);
        Assert.Equal("posts", finding.Table);
        Assert.Equal("A.cs:1", finding.CallSite);
    }

    [Fact]
    public void Read_BatchField_StringsAndNumbers_CountOnce()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            text.Append(Line("s", "INSERT INTO t (a) VALUES (@a)", $"{{\"@a\":{i}}}", ",\"batch\":7"));
        }

        Assert.Empty(Analyze(text.ToString()).Findings);
    }

    [Fact]
    public void Read_LineLongerThanTheBuffer_Handled()
    {
        var longSql = "SELECT * FROM t WHERE id IN (" + string.Join(", ", Enumerable.Range(0, 400_000)) + ")";
        var report = Analyze(Line("s", longSql) + Line("s", longSql));
        Assert.Equal(2, report.EventCount);
        Assert.Single(report.Findings, f => f.Rule == RuleIds.DuplicateQuery);
    }

    [Fact]
    public void Read_ManyEventsOfFewShapes_MemoryBoundedByShapes()
    {
        var options = new DetectionOptions();
        var recorder = new WorkloadRecorder(options.Recording);
        var reader = new EventLogReader(recorder);
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(Line("job", "SELECT * FROM t WHERE id = @p", $"{{\"@p\":{i % 50}}}", ",\"callSite\":\"Job.cs:1\""));
        }

        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), "big.jsonl");
        var scope = Assert.Single(recorder.Build());
        var group = Assert.Single(scope.Groups);
        Assert.Equal(20_000, group.Count);
        Assert.Equal(50, group.ValueCounts.Count);
        Assert.Empty(scope.Events);
    }
}

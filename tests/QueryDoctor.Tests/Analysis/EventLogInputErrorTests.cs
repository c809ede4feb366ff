using System.Text;
using QueryDoctor.Capture;
using QueryDoctor.EventLog;

namespace QueryDoctor.Tests.Analysis;

public sealed class EventLogInputErrorTests
{
    private const string Good = "{\"scope\":\"s\",\"sql\":\"SELECT 1\"}";

    public static TheoryData<string, string> WrongTypedFields() => new()
    {
        { "\"durationMs\":\"abc\"", "durationMs" },
        { "\"durationMs\":\"Infinity\"", "durationMs" },
        { "\"durationMs\":1e400", "durationMs" },
        { "\"durationMs\":1e300", "durationMs" },
        { "\"durationMs\":1e15", "durationMs" },
        { "\"durationMs\":-1", "durationMs" },
        { "\"rows\":\"many\"", "rows" },
        { "\"rows\":-3", "rows" },
        { "\"rows\":1.5", "rows" },
        { "\"startedAt\":\"yesterday\"", "startedAt" },
        { "\"startedAt\":12", "startedAt" },
        { "\"callSite\":[\"A.cs\"]", "callSite" },
        { "\"callSite\":{}", "callSite" },
        { "\"batch\":{\"id\":1}", "batch" },
        { "\"batch\":true", "batch" },
        { "\"scopeId\":true", "scopeId" },
        { "\"scopeId\":[1]", "scopeId" },
        { "\"scopeId\":{\"a\":1}", "scopeId" },
        { "\"parameters\":\"x\"", "parameters" },
        { "\"parameters\":5", "parameters" },
    };

    [Theory]
    [MemberData(nameof(WrongTypedFields))]
    public void Read_WrongTypedField_InputErrorNamingFileAndLine(string field, string name)
    {
        var text = Good + "\n{\"scope\":\"s\",\"sql\":\"SELECT 1\"," + field + "}\n" + Good + "\n";

        var error = Assert.Throws<EventLogFormatException>(() => InstanceLog.Analyze(text));

        Assert.Equal(2, error.LineNumber);
        Assert.StartsWith("test.jsonl:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains('"' + name + '"', error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WrongTypedFields))]
    public void Read_WrongTypedFieldSkipInvalid_SkippedCountedAndNamed(string field, string name)
    {
        var text = Good + "\n{\"scope\":\"s\",\"sql\":\"SELECT 1\"," + field + "}\n" + Good + "\n";

        var report = InstanceLog.Analyze(text, skipInvalid: true);

        Assert.Equal(1, report.SkippedLines);
        Assert.Equal(2, report.EventCount);
        var example = Assert.Single(report.SkippedExamples);
        Assert.StartsWith("test.jsonl:2: ", example, StringComparison.Ordinal);
        Assert.Contains(name, example, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"durationMs\":null")]
    [InlineData("\"scopeId\":42")]
    [InlineData("\"callSite\":7")]
    [InlineData("\"batch\":9")]
    [InlineData("\"rows\":0,\"durationMs\":0")]
    [InlineData("\"startedAt\":\"2026-12-03T10:00:00Z\"")]
    public void Read_WellTypedField_Accepted(string field)
    {
        var report = InstanceLog.Analyze("{\"scope\":\"s\",\"sql\":\"SELECT 1\"," + field + "}\n");

        Assert.Equal(0, report.SkippedLines);
        Assert.Equal(1, report.EventCount);
    }

    [Fact]
    public void Read_LineLongerThanLimitWithinBuffer_InputErrorWithLine()
    {
        var text = Good + "\n{\"scope\":\"s\",\"sql\":\"SELECT '" + new string('x', 3000) + "'\"}\n" + Good + "\n";

        var error = Assert.Throws<EventLogFormatException>(() => InstanceLog.Analyze(text, maxLineBytes: 1024));

        Assert.Equal(2, error.LineNumber);
        Assert.Contains("longer than 1,024 bytes", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeLineWithoutNewline_InputErrorNotInternalError()
    {
        // Far more than the buffer: the reader must stop growing it at the limit.
        var text = Good + "\n" + new string('x', 200_000);

        var error = Assert.Throws<EventLogFormatException>(() => InstanceLog.Analyze(text, maxLineBytes: 8192));

        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void Read_HugeLineSkipInvalid_SkippedAndFollowingLinesRead()
    {
        var text = new StringBuilder().Append(Good).Append('\n').Append('{', 1).Append('x', 300_000).Append('\n')
            .Append(Good).Append('\n').Append(Good).Append('\n').ToString();

        var report = InstanceLog.Analyze(text, skipInvalid: true, maxLineBytes: 8192);

        Assert.Equal(1, report.SkippedLines);
        Assert.Equal(3, report.EventCount);
        Assert.StartsWith("test.jsonl:2: line longer than 8,192 bytes", Assert.Single(report.SkippedExamples), StringComparison.Ordinal);
    }
}

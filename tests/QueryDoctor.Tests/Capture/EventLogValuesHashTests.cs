using System.Text;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.EventLog;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;

namespace QueryDoctor.Tests.Capture;

/// <summary>The optional <c>valuesHash</c> field: the values key of a private capture, read when parameters are absent.</summary>
public sealed class EventLogValuesHashTests
{
    private const string Sql = "SELECT * FROM \\\"Members\\\" WHERE \\\"Name\\\" = ?";

    private static AnalysisReport Analyze(string jsonl)
    {
        var options = new DetectionOptions();
        var recorder = new WorkloadRecorder(options.Recording);
        var reader = new EventLogReader(recorder);
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), "test.jsonl");
        return EventLogAnalysis.Analyze(recorder, new ScopeAnalyzer(options), reader.SkippedLines);
    }

    private static string Line(string extra) => $"{{\"scope\":\"s\",\"sql\":\"{Sql}\",\"callSite\":\"A.cs:1\"{extra}}}\n";

    [Fact]
    public void Read_SameValuesHashThreeTimes_DuplicateNotNPlusOne()
    {
        const string hash = ",\"valuesHash\":\"00ff00ff00ff00ff\"";

        var report = Analyze(Line(hash) + Line(hash) + Line(hash));

        var duplicate = Assert.Single(report.Findings);
        Assert.Equal(RuleIds.DuplicateQuery, duplicate.Rule);
        Assert.Equal(3, duplicate.Count);
    }

    [Fact]
    public void Read_DifferentValuesHashes_NPlusOne()
    {
        var report = Analyze(Line(",\"valuesHash\":\"0000000000000001\"") + Line(",\"valuesHash\":\"0000000000000002\"") + Line(",\"valuesHash\":\"0000000000000003\""));

        Assert.Equal([RuleIds.NPlusOne], report.Findings.Select(f => f.Rule));
    }

    [Fact]
    public void Read_NoValuesHash_PlaceholderValuesUnknown()
    {
        // Without the hash a masked literal is a marker of unknown value: never a duplicate.
        var report = Analyze(Line("") + Line("") + Line(""));

        Assert.Equal([RuleIds.NPlusOne], report.Findings.Select(f => f.Rule));
    }

    [Fact]
    public void Read_ParametersAndValuesHash_ParametersWin()
    {
        const string hash = ",\"valuesHash\":\"00ff00ff00ff00ff\"";

        var report = Analyze(Line(hash + ",\"parameters\":[1]") + Line(hash + ",\"parameters\":[2]") + Line(hash + ",\"parameters\":[3]"));

        Assert.Equal([RuleIds.NPlusOne], report.Findings.Select(f => f.Rule));
    }

    [Theory]
    [InlineData(",\"valuesHash\":12")]
    [InlineData(",\"valuesHash\":\"xyz\"")]
    [InlineData(",\"valuesHash\":\"00ff00ff00ff00ff00\"")]
    public void Read_ValuesHashNotSixteenHexDigits_InputError(string extra)
    {
        var exception = Assert.Throws<EventLogFormatException>(() => Analyze(Line(extra)));

        Assert.StartsWith("\"valuesHash\" must be a string of 16 hex digits", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValuesHashNull_Ignored()
    {
        var report = Analyze(Line(",\"valuesHash\":null"));

        Assert.Equal(1, report.EventCount);
    }
}

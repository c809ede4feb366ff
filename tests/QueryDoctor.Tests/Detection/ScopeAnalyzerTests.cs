using QueryDoctor.Detection;
using QueryDoctor.Rules;
using static QueryDoctor.Tests.Detection.ScopeFixture;

namespace QueryDoctor.Tests.Detection;

public sealed class ScopeAnalyzerTests
{
    private sealed class ThrowingDetector : IScopeDetector
    {
        public IEnumerable<Finding> Detect(ScopeDetectionContext context) => throw new InvalidOperationException("boom");
    }

    private sealed class CountingDetector : IScopeDetector
    {
        public IEnumerable<Finding> Detect(ScopeDetectionContext context)
        {
            yield return new Finding { Rule = "custom", Severity = Severity.Error, Message = $"{context.Scope.StatementCount} statements" };
        }
    }

    [Fact]
    public void Analyze_ThrowingDetector_ReportedAndOthersStillRun()
    {
        var options = new DetectionOptions();
        options.Detectors.Add(new ThrowingDetector());
        options.Detectors.Add(new CountingDetector());
        var failures = new List<(string, Exception)>();
        var analyzer = new ScopeAnalyzer(options) { DetectorFailed = (rule, e) => failures.Add((rule, e)) };

        var findings = analyzer.Analyze(Scope(Loop(3, i => Q("SELECT * FROM a WHERE id = @p", [i])), options));

        Assert.Single(findings.Rule(RuleIds.NPlusOne));
        Assert.Equal("3 statements", Assert.Single(findings.Rule("custom")).Message);
        Assert.Equal("ThrowingDetector", Assert.Single(failures).Item1);
    }

    [Fact]
    public void Analyze_SeverityOverrideAndDisabledRule_Honoured()
    {
        var options = new DetectionOptions();
        options.Severities[RuleIds.NPlusOne] = Severity.Error;
        options.DisabledRules.Add(RuleIds.TooManyQueries);
        var findings = Analyze(Loop(40, i => Q("SELECT * FROM a WHERE id = @p", [i])), options);
        Assert.Equal(Severity.Error, Assert.Single(findings).Severity);
    }

    [Fact]
    public void Constructor_InvalidThreshold_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ScopeAnalyzer(new DetectionOptions { NPlusOneThreshold = 1 }));
        Assert.Contains("n-plus-one", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope", 3, "unknown rule 'nope'")]
    [InlineData("check-then-insert", 3, "has no threshold")]
    [InlineData("n-plus-one", 2.5, "whole number")]
    public void SetThreshold_BadInput_ExplainsWhy(string rule, double value, string expected)
    {
        var exception = Assert.Throws<ArgumentException>(() => new DetectionOptions().SetThreshold(rule, value));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }
}

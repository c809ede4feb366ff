using System.Reflection;
using QueryDoctor.Advisor;
using QueryDoctor.Detection;
using QueryDoctor.Inspection;
using QueryDoctor.Rules;
using Shouldly;

namespace QueryDoctor.Tests.Rules;

/// <summary>The one rule catalogue: every contract id once, with the kind, severity and thresholds the options really use.</summary>
public sealed class RuleCatalogueTests
{
    private static readonly string[] ContractIds =
    [
        "n-plus-one", "n-plus-one-write", "duplicate-query", "too-many-queries", "slow-query", "slow-scope",
        "unbounded-result", "check-then-insert", "cartesian-explosion", "unindexed-foreign-key", "redundant-index",
        "missing-primary-key", "unused-index", "full-scan", "missing-index",
    ];

    [Fact]
    public void All_HoldsEveryContractIdOnce_InReportOrder()
    {
        RuleCatalogue.All.Select(r => r.Id).ShouldBe(ContractIds);
    }

    [Fact]
    public void RuleIds_EveryConstantIsCatalogued_AndEveryCatalogueIdHasAConstant()
    {
        var constants = typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        constants.ShouldBe(ContractIds, ignoreOrder: true);
    }

    [Theory]
    [InlineData("n-plus-one", RuleKind.Scope, Severity.Warning)]
    [InlineData("duplicate-query", RuleKind.Scope, Severity.Info)]
    [InlineData("check-then-insert", RuleKind.Scope, Severity.Warning)]
    [InlineData("cartesian-explosion", RuleKind.Live, Severity.Warning)]
    [InlineData("unused-index", RuleKind.Database, Severity.Info)]
    [InlineData("full-scan", RuleKind.Database, Severity.Warning)]
    [InlineData("missing-index", RuleKind.Database, Severity.Warning)]
    public void Find_KnownId_KindAndDefaultSeverity(string id, RuleKind kind, Severity severity)
    {
        var rule = RuleCatalogue.Find(id).ShouldNotBeNull();

        rule.Kind.ShouldBe(kind);
        rule.DefaultSeverity.ShouldBe(severity);
        RuleCatalogue.Is(id, kind).ShouldBeTrue();
        rule.Description.ShouldNotBeNullOrWhiteSpace();
        rule.Description.ShouldNotContain('\n');
    }

    [Theory]
    [InlineData("n-plus-two")]
    [InlineData("N-PLUS-ONE")]
    [InlineData("")]
    public void Find_UnknownOrMiscasedId_Null(string id)
    {
        RuleCatalogue.Find(id).ShouldBeNull();
    }

    [Fact]
    public void Thresholds_AreTheOptionsDefaults()
    {
        var detection = new DetectionOptions();
        var expected = new Dictionary<string, double?>
        {
            [RuleIds.NPlusOne] = detection.NPlusOneThreshold,
            [RuleIds.NPlusOneWrite] = detection.NPlusOneWriteThreshold,
            [RuleIds.DuplicateQuery] = detection.DuplicateQueryThreshold,
            [RuleIds.TooManyQueries] = detection.TooManyQueriesThreshold,
            [RuleIds.SlowQuery] = detection.SlowQueryThreshold.TotalMilliseconds,
            [RuleIds.SlowScope] = detection.SlowScopeThreshold.TotalMilliseconds,
            [RuleIds.UnboundedResult] = detection.UnboundedResultThreshold,
            [RuleIds.CheckThenInsert] = null,
            [RuleIds.CartesianExplosion] = null,
            [RuleIds.UnindexedForeignKey] = null,
            [RuleIds.RedundantIndex] = null,
            [RuleIds.MissingPrimaryKey] = null,
            [RuleIds.UnusedIndex] = null,
            [RuleIds.FullScan] = new SchemaCheckOptions().FullScanRowThreshold,
            [RuleIds.MissingIndex] = new IndexAdvisorOptions().MaxIndexes,
        };

        foreach (var rule in RuleCatalogue.All)
        {
            (rule.Threshold?.Value).ShouldBe(expected[rule.Id], rule.Id);
        }
    }

    [Fact]
    public void Thresholds_NameTheOptionThatChangesThem()
    {
        foreach (var rule in RuleCatalogue.All.Where(r => r.Threshold is not null && r.Id != RuleIds.MissingIndex))
        {
            rule.Threshold!.Option.ShouldBe($"--threshold {rule.Id}=N");
            rule.Threshold.Text.ShouldContain(rule.Threshold.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void SeverityOf_WithoutOverride_CatalogueDefault()
    {
        var detection = new DetectionOptions();
        detection.SeverityOf(RuleIds.DuplicateQuery).ShouldBe(Severity.Info);
        detection.SeverityOf(RuleIds.CartesianExplosion).ShouldBe(Severity.Warning);
        detection.SeverityOf("my-own-rule").ShouldBe(Severity.Warning);
        new SchemaCheckOptions().SeverityOf(RuleIds.UnusedIndex).ShouldBe(Severity.Info);
    }

    [Theory]
    [InlineData("full-scan", "not a scope rule")]
    [InlineData("cartesian-explosion", "not a scope rule")]
    [InlineData("check-then-insert", "has no threshold")]
    [InlineData("nope", "unknown rule 'nope'")]
    public void SetThreshold_NotAScopeThreshold_ThrowsNamingWhy(string id, string expected)
    {
        Should.Throw<ArgumentException>(() => new DetectionOptions().SetThreshold(id, 5)).Message.ShouldContain(expected);
    }
}

using System.Text;
using System.Text.Json;
using QueryDoctor.Analysis;
using QueryDoctor.Detection;
using QueryDoctor.EventLog;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;
using static QueryDoctor.Tests.Detection.ScopeFixture;

namespace QueryDoctor.Tests.Detection;

/// <summary>
/// Findings drafted with their texts unwritten (what the streaming analysis does per instance) are, once written, the
/// findings the rules report at once; and an aggregate built from drafts is the one built from written findings.
/// </summary>
public sealed class FindingDraftTests
{
    private static readonly string[] ScenarioLogs = ["blog-index-n-plus-one.jsonl", "export-pagination-clean.jsonl", "settings-duplicate.jsonl"];

    /// <summary>One scope in which every built-in rule fires (two n-plus-one and two duplicate-query findings among them).</summary>
    private static QueryScope EveryRule(DetectionOptions options, string name = "GET /everything", string? scopeId = null)
    {
        var at = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        var events = new List<QueryEvent>();
        events.Add(Q("SELECT * FROM users WHERE email = @p0", ["ann@example.org"], "Signup.cs:10", 1, 0, at: at));
        events.Add(Q("INSERT INTO users (email) VALUES (@p0)", ["ann@example.org"], "Signup.cs:14", 1, 1, at: at.AddMilliseconds(2)));
        for (var i = 0; i < 6; i++)
        {
            events.Add(Q("SELECT * FROM posts WHERE blog_id = @p0", [i], "Blogs.cs:25", 0.5, 3, at: at.AddMilliseconds(3 + i)));
            events.Add(Q("SELECT COUNT(*) FROM comments WHERE post_id = @p0", [i], "Posts.cs:40", 0.2, 1, at: at.AddMilliseconds(3 + i)));
            events.Add(Q("UPDATE posts SET views = views + 1 WHERE id = @p0", [i], "Posts.cs:52", 0.3, 1, at: at.AddMilliseconds(3 + i)));
        }

        events.Add(Q("SELECT value FROM settings WHERE key = @p0", ["theme"], "Web/Layout.cs:40", 0.2, 1, at: at.AddMilliseconds(20)));
        events.Add(Q("SELECT value FROM settings WHERE key = @p0", ["theme"], "Web/Format.cs:8", 0.2, 1, at: at.AddMilliseconds(21)));
        events.Add(Q("SELECT value FROM settings WHERE key = @p0", ["lang"], "Web/Format.cs:9", 0.2, 1, at: at.AddMilliseconds(22)));
        events.Add(Q("SELECT value FROM settings WHERE key = @p0", ["lang"], "Web/Format.cs:9", 0.2, 1, at: at.AddMilliseconds(23)));
        events.Add(Q("SELECT * FROM tags", null, null, 0.4, 1, at: at.AddMilliseconds(24)));
        events.Add(Q("SELECT * FROM tags", null, null, 0.4, 1, at: at.AddMilliseconds(25)));
        events.Add(Q("SELECT * FROM audit_log", null, "Audit.cs:7", 900, 50_000, at: at.AddMilliseconds(30)));
        var builder = new QueryScopeBuilder(name, options?.Recording) { ScopeId = scopeId };
        foreach (var e in events)
        {
            builder.Add(e);
        }

        builder.SetOutcome(TimeSpan.FromSeconds(2), 200);
        return builder.Build();
    }

    private static DetectionOptions Options() => new() { TooManyQueriesThreshold = 20 };

    private static IEnumerable<QueryScope> ScenarioScopes()
    {
        foreach (var log in ScenarioLogs)
        {
            var recorder = new WorkloadRecorder();
            new EventLogReader(recorder).ReadFile(Path.Combine(AppContext.BaseDirectory, "Analysis", "Scenarios", log));
            foreach (var scope in recorder.Build())
            {
                yield return scope;
            }
        }
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [Fact]
    public void Draft_ScopeWhereEveryRuleFires_WrittenFindingsEqualAnalyze()
    {
        var options = Options();
        var analyzer = new ScopeAnalyzer(options);
        var scope = EveryRule(options);

        var eager = analyzer.Analyze(scope);
        var drafts = new List<FindingDraft>();
        analyzer.Draft(scope, drafts, suppressed: null);

        Assert.Equal(
            [RuleIds.NPlusOne, RuleIds.NPlusOneWrite, RuleIds.DuplicateQuery, RuleIds.TooManyQueries, RuleIds.SlowQuery, RuleIds.SlowScope, RuleIds.UnboundedResult, RuleIds.CheckThenInsert],
            eager.Select(f => f.Rule).Distinct());
        Assert.Equal(eager.Select(Json), drafts.Select(d => Json(d.Complete())));
    }

    [Fact]
    public void Draft_ScenarioLogScopes_WrittenFindingsEqualAnalyze()
    {
        var analyzer = new ScopeAnalyzer(new DetectionOptions());
        var judged = 0;
        foreach (var scope in ScenarioScopes())
        {
            var drafts = new List<FindingDraft>();
            analyzer.Draft(scope, drafts, suppressed: null);
            var eager = analyzer.Analyze(scope);
            Assert.Equal(eager.Select(Json), drafts.Select(d => Json(d.Complete())));
            judged += eager.Count;
        }

        Assert.True(judged > 0);
    }

    [Fact]
    public void Draft_Facts_DifferFromTheWrittenFindingOnlyInItsTexts()
    {
        var options = Options();
        var drafts = new List<FindingDraft>();
        new ScopeAnalyzer(options).Draft(EveryRule(options), drafts, suppressed: null);

        var lazy = drafts.Where(d => d.Facts.Message.Length == 0).ToList();
        Assert.Equal(4, lazy.Count); // two n-plus-one and two duplicate-query findings
        foreach (var draft in lazy)
        {
            var written = draft.Complete();
            Assert.NotEmpty(written.Message);
            Assert.NotNull(written.Suggestion);
            Assert.Null(draft.Facts.Suggestion);
            Assert.Equal(Json(written), Json(draft.Facts with { Message = written.Message, Suggestion = written.Suggestion, Columns = written.Columns }));
        }
    }

    [Fact]
    public void Draft_SuppressedFindings_WrittenLikeAnalyzes()
    {
        var options = Options();
        options.Suppress(new Suppression { Rule = RuleIds.DuplicateQuery, CallSite = "Web/*" });
        options.Suppress(new Suppression { Rule = RuleIds.NPlusOne, Reason = "known" });
        var analyzer = new ScopeAnalyzer(options);
        var scope = EveryRule(options);

        var eagerSuppressed = new List<SuppressedFinding>();
        var eager = analyzer.Analyze(scope, eagerSuppressed);
        var draftSuppressed = new List<SuppressedFinding>();
        var drafts = new List<FindingDraft>();
        analyzer.Draft(scope, drafts, draftSuppressed);

        Assert.Equal(3, eagerSuppressed.Count);
        Assert.Equal(eager.Select(Json), drafts.Select(d => Json(d.Complete())));
        Assert.Equal(eagerSuppressed.Select(Json), draftSuppressed.Select(Json));
    }

    [Fact]
    public void AddInstance_ManyInstances_SameReportAsAdd()
    {
        var options = Options();
        options.Suppress(new Suppression { Rule = RuleIds.DuplicateQuery, CallSite = "Web/*" });
        var eager = new ScopeInstanceAnalyzer(options);
        var drafted = new ScopeInstanceAnalyzer(options);
        var instances = new List<QueryScope>();
        for (var i = 0; i < 5; i++)
        {
            instances.Add(EveryRule(options, i % 2 == 0 ? "GET /everything" : "GET /other", "r" + i));
        }

        instances.AddRange(ScenarioScopes());
        foreach (var instance in instances)
        {
            eager.Add(instance);
            drafted.AddInstance(instance, judgedEarly: false);
        }

        var expected = JsonReportWriter.ToJson(eager.Snapshot());
        Assert.Equal(expected, JsonReportWriter.ToJson(drafted.Snapshot()));
        Assert.Equal(Json(eager.Snapshot().ScopeSummaries.Select(s => s.Example)), Json(drafted.Snapshot().ScopeSummaries.Select(s => s.Example)));
        Assert.Contains("\"suppressed\"", expected, StringComparison.Ordinal);
    }
}

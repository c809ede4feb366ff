using System.Text;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.EventLog;
using QueryDoctor.Recording;
using QueryDoctor.Rules;
using static QueryDoctor.Tests.Detection.ScopeFixture;

namespace QueryDoctor.Tests.Detection;

public sealed class SuppressionTests
{
    private const string PostsByBlog = "SELECT p.id FROM posts AS p WHERE p.blog_id = @b";
    private const string UsersById = "SELECT u.id FROM users AS u WHERE u.id = @u";
    private const string BlogSite = "Blog.Web.BlogsController.Index (BlogsController.cs:25)";
    private const string UserSite = "Blog.Web.UsersController.Show (UsersController.cs:40)";

    /// <summary>Two N+1 loops (posts from BlogSite, users from UserSite) in one scope.</summary>
    private static IEnumerable<QueryEvent> TwoLoops(string postsSql = PostsByBlog, string usersSql = UsersById) =>
        [.. Loop(3, i => Q(postsSql, [i], BlogSite)), .. Loop(3, i => Q(usersSql, [i], UserSite))];

    private static (IReadOnlyList<Finding> Findings, List<SuppressedFinding> Suppressed) Run(IEnumerable<QueryEvent> events, DetectionOptions? options = null)
    {
        options ??= new DetectionOptions();
        var suppressed = new List<SuppressedFinding>();
        var findings = new ScopeAnalyzer(options).Analyze(Scope(events, options), suppressed);
        return (findings, suppressed);
    }

    [Fact]
    public void Analyze_NoSuppressions_BothLoopsReported()
    {
        var (findings, suppressed) = Run(TwoLoops());
        Assert.Equal(2, findings.Rule(RuleIds.NPlusOne).Count);
        Assert.Empty(suppressed);
    }

    [Fact]
    public void Analyze_SuppressedByRule_AllOfThatRuleMovedToSuppressed()
    {
        var (findings, suppressed) = Run(TwoLoops(), new DetectionOptions().Suppress(Suppression.ForRule(RuleIds.NPlusOne)));

        Assert.Empty(findings.Rule(RuleIds.NPlusOne));
        Assert.Equal(2, suppressed.Count);
        Assert.All(suppressed, s => Assert.Equal("rule n-plus-one", s.By));
    }

    [Fact]
    public void Analyze_SuppressedByRule_OtherRulesStillReported()
    {
        IEnumerable<QueryEvent> events = [.. TwoLoops(), Q("SELECT 1", site: BlogSite), Q("SELECT 1", site: BlogSite)];
        var (findings, _) = Run(events, new DetectionOptions().Suppress(Suppression.ForRule(RuleIds.NPlusOne)));

        Assert.Single(findings.Rule(RuleIds.DuplicateQuery));
    }

    [Theory]
    [InlineData("UsersController")]
    [InlineData("Blog.Web.UsersController.*")]
    [InlineData("*UsersController.cs:40)")]
    [InlineData("*(UsersController.cs:*")]
    public void Analyze_SuppressedByCallSite_OnlyThatCallSite(string pattern)
    {
        var (findings, suppressed) = Run(TwoLoops(), new DetectionOptions().Suppress(Suppression.AtCallSite(pattern)));

        var kept = Assert.Single(findings);
        Assert.Equal(BlogSite, kept.CallSite);
        Assert.Equal(UserSite, Assert.Single(suppressed).Finding.CallSite);
    }

    [Theory]
    [InlineData("Blog.Web.*")]
    [InlineData("UsersController")]
    public void Analyze_CallSitePatternWithOtherRule_NothingSuppressed(string pattern)
    {
        var (findings, suppressed) = Run(TwoLoops(), new DetectionOptions().Suppress(Suppression.AtCallSite(pattern, RuleIds.DuplicateQuery)));

        Assert.Equal(2, findings.Count);
        Assert.Empty(suppressed);
    }

    [Fact]
    public void Analyze_CallSiteGlobWithoutWildcardAtEnds_MustMatchWholeText()
    {
        // "Blog.Web.*Controller" has a wildcard, so it must match the whole text, which ends in ")".
        var (findings, _) = Run(TwoLoops(), new DetectionOptions().Suppress(Suppression.AtCallSite("Blog.Web.*Controller")));
        Assert.Equal(2, findings.Count);
    }

    [Fact]
    public void Analyze_FindingWithoutCallSite_NeverMatchesCallSitePattern()
    {
        var (findings, _) = Run(Loop(3, i => Q(PostsByBlog, [i])), new DetectionOptions().Suppress(Suppression.AtCallSite("*")));
        Assert.Single(findings);
    }

    [Theory]
    [InlineData("from users")]
    [InlineData("*FROM USERS AS u WHERE*")]
    [InlineData("from users as u where u.id = ?")]
    public void Analyze_SuppressedBySqlPattern_OnlyMatchingStatement(string pattern)
    {
        var (findings, suppressed) = Run(TwoLoops(), new DetectionOptions().Suppress(Suppression.ForSql(pattern)));

        Assert.Equal(BlogSite, Assert.Single(findings).CallSite);
        Assert.Equal(UserSite, Assert.Single(suppressed).Finding.CallSite);
    }

    [Fact]
    public void Analyze_SuppressedByFingerprintId_OnlyThatShape()
    {
        var (before, _) = Run(TwoLoops());
        var users = before.Single(f => f.CallSite == UserSite).Fingerprint!;

        var (findings, suppressed) = Run(TwoLoops(), new DetectionOptions().Suppress(Suppression.ForSql(users)));

        Assert.Equal(BlogSite, Assert.Single(findings).CallSite);
        Assert.Single(suppressed);
    }

    [Fact]
    public void Analyze_SqlPatternMatchingNothing_NothingSuppressed()
    {
        var (findings, _) = Run(TwoLoops(), new DetectionOptions().Suppress(Suppression.ForSql("from comments")));
        Assert.Equal(2, findings.Count);
    }

    [Fact]
    public void Analyze_AllCriteriaMustMatch()
    {
        var options = new DetectionOptions().Suppress(new Suppression { Rule = RuleIds.NPlusOne, CallSite = "UsersController", Sql = "from posts" });
        var (findings, _) = Run(TwoLoops(), options);
        Assert.Equal(2, findings.Count);
    }

    [Fact]
    public void Analyze_TagOnStatement_SuppressesThatRuleForThatStatementOnly()
    {
        var (findings, suppressed) = Run(TwoLoops(usersSql: "-- querydoctor:allow n-plus-one\n" + UsersById));

        Assert.Equal(BlogSite, Assert.Single(findings).CallSite);
        var quiet = Assert.Single(suppressed);
        Assert.Equal(UserSite, quiet.Finding.CallSite);
        Assert.Equal("tag querydoctor:allow n-plus-one", quiet.By);
    }

    [Theory]
    [InlineData("/* querydoctor:allow duplicate-query, n-plus-one */ ")]
    [InlineData("-- QueryDoctor:Allow N-Plus-One\r\n")]
    [InlineData("-- File: Users.cs:40\n-- querydoctor:allow too-many-queries n-plus-one\n")]
    public void Analyze_TagForms_Honoured(string tag)
    {
        var (findings, suppressed) = Run(TwoLoops(usersSql: tag + UsersById));

        Assert.Single(findings);
        Assert.Single(suppressed);
    }

    [Fact]
    public void Analyze_TagForAnotherRule_DoesNotSuppress()
    {
        var (findings, suppressed) = Run(TwoLoops(usersSql: "-- querydoctor:allow duplicate-query\n" + UsersById));

        Assert.Equal(2, findings.Count);
        Assert.Empty(suppressed);
    }

    [Fact]
    public void Analyze_TagOnSomeStatementsOfAGroup_DoesNotSuppress()
    {
        IEnumerable<QueryEvent> events =
        [
            Q("-- querydoctor:allow n-plus-one\n" + UsersById, [1], UserSite),
            Q(UsersById, [2], UserSite),
            Q(UsersById, [3], UserSite),
        ];

        var (findings, _) = Run(events);

        Assert.Single(findings.Rule(RuleIds.NPlusOne));
    }

    [Theory]
    [InlineData("-- querydoctor:allow\n")]
    [InlineData("-- querydoctor:allow ,,, \n")]
    [InlineData("-- querydoctor:allow n-plus-one*/ ; DROP\n")]
    [InlineData("/* querydoctor:allow")]
    public void Analyze_MalformedTag_NeverThrows(string tag)
    {
        var (findings, _) = Run(TwoLoops(usersSql: tag + UsersById));
        Assert.InRange(findings.Count, 1, 2);
    }

    [Fact]
    public void Analyze_TagOnAnyStatement_SuppressesScopeWideRule()
    {
        var options = new DetectionOptions { TooManyQueriesThreshold = 4 };
        IEnumerable<QueryEvent> events = [.. TwoLoops(usersSql: "-- querydoctor:allow too-many-queries\n" + UsersById)];

        var (findings, suppressed) = Run(events, options);

        Assert.Empty(findings.Rule(RuleIds.TooManyQueries));
        Assert.Equal(2, findings.Rule(RuleIds.NPlusOne).Count);
        Assert.Equal(RuleIds.TooManyQueries, Assert.Single(suppressed).Finding.Rule);
    }

    [Fact]
    public void Validate_EmptySuppression_Throws()
    {
        var options = new DetectionOptions().Suppress(new Suppression());
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("needs a rule, a call site or a SQL pattern", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventLog_TagInSql_Honoured()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 3; i++)
        {
            text.Append($"{{\"scope\":\"GET /a\",\"sql\":\"-- querydoctor:allow n-plus-one\\nSELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{{\"@b\":{i}}},\"callSite\":\"A.cs:1\"}}\n");
            text.Append($"{{\"scope\":\"GET /a\",\"sql\":\"SELECT * FROM users WHERE id = @u\",\"parameters\":{{\"@u\":{i}}},\"callSite\":\"B.cs:1\"}}\n");
        }

        var options = new DetectionOptions();
        var recorder = new WorkloadRecorder(options.Recording);
        var reader = new EventLogReader(recorder);
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), "test.jsonl");
        var report = EventLogAnalysis.Analyze(recorder, new ScopeAnalyzer(options));

        Assert.Equal("B.cs:1", Assert.Single(report.Findings).CallSite);
        Assert.Equal("A.cs:1", Assert.Single(report.Suppressed).Finding.CallSite);
    }
}

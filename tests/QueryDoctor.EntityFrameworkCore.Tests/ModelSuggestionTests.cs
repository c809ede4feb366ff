using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>Model-aware wording and cartesian-explosion, once per provider (subclasses below).</summary>
public abstract class ModelSuggestionTests : CaptureTestBase
{
    [Fact]
    public void LazyCollection_NamesTheNavigationToInclude()
    {
        using var context = Db.Context(Capture, lazy: true);
        var scope = QueryDoctorScope.Begin("lazy members");
        _ = context.Calendars.ToList().Sum(c => c.Members.Count);
        scope.Dispose();
        var finding = Assert.Single(ReportOf(scope).Findings);
        Assert.StartsWith("Calendar.Members lazily loaded 5 times at ", finding.Message);
        Assert.Contains(".Include(c => c.Members)", finding.Suggestion);
    }

    [Fact]
    public void LazyReference_NamesTheReferenceToInclude()
    {
        using var context = Db.Context(Capture, lazy: true);
        var scope = QueryDoctorScope.Begin("lazy calendar");
        var names = context.Members.Where(m => m.Id % TestDatabase.MembersPerCalendar == 1).ToList().Select(m => m.Calendar!.Name).ToList();
        scope.Dispose();
        Assert.Equal(TestDatabase.Calendars, names.Distinct().Count());
        var finding = Assert.Single(ReportOf(scope).Findings);
        Assert.Equal("n-plus-one", finding.Rule);
        Assert.StartsWith("Member.Calendar lazily loaded 5 times", finding.Message);
        Assert.Contains(".Include(m => m.Calendar)", finding.Suggestion);
    }

    [Fact]
    public void ExplicitQueryOnForeignKey_NamesTheCollectionNavigation()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("explicit members");
        foreach (var calendar in context.Calendars.ToList())
        {
            _ = context.Members.Where(m => m.CalendarId == calendar.Id).ToList();
        }

        scope.Dispose();
        var finding = Assert.Single(ReportOf(scope).Findings);
        Assert.StartsWith("Calendar.Members loaded 5 times at ", finding.Message);
        Assert.Contains(".Include(c => c.Members)", finding.Suggestion);
    }

    [Fact]
    public void WriteLoop_SuggestsAddRangeAndOneSaveChanges()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("write loop");
        for (var i = 0; i < 5; i++)
        {
            context.Votes.Add(new Vote { MemberId = 1, Value = i });
            context.SaveChanges();
        }

        scope.Dispose();
        var finding = Assert.Single(ReportOf(scope).Findings);
        Assert.Equal("n-plus-one-write", finding.Rule);
        Assert.Contains("Vote entities first (AddRange)", finding.Suggestion);
    }

    [Fact]
    public void TwoCollectionIncludes_ReportCartesianExplosion_SplitQueryDoesNot()
    {
        using var context = Db.Context(Capture);
        var single = QueryDoctorScope.Begin("single query");
        _ = context.Calendars.Include(c => c.Members).Include(c => c.Events).AsSingleQuery().ToList();
        single.Dispose();
        var finding = Assert.Single(ReportOf(single).Findings);
        Assert.Equal("cartesian-explosion", finding.Rule);
        Assert.Contains("Calendar.Members", finding.Message);
        Assert.Contains("Calendar.Events", finding.Message);
        Assert.Contains("AsSplitQuery()", finding.Suggestion);

        var split = QueryDoctorScope.Begin("split query");
        _ = context.Calendars.Include(c => c.Members).Include(c => c.Events).AsSplitQuery().ToList();
        split.Dispose();
        Assert.Empty(ReportOf(split).Findings);
    }

    [Fact]
    public void NestedCollectionChain_IsNotACartesianExplosion()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("chain");
        _ = context.Calendars.Include(c => c.Members).ThenInclude(m => m.Votes).ToList();
        scope.Dispose();
        Assert.Empty(ReportOf(scope).Findings);
    }
}

public sealed class SqliteModelSuggestionTests : ModelSuggestionTests
{
}

public sealed class PostgresModelSuggestionTests : ModelSuggestionTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
}

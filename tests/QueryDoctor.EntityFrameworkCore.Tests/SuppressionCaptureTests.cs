using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;
using QueryDoctor.Detection;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>Suppressions cover the findings EF Core's integration adds after the detectors (cartesian-explosion).</summary>
public sealed class SuppressionCaptureTests : CaptureTestBase
{
    [Fact]
    public void CartesianExplosion_TagWithAllow_Suppressed()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("tagged");
        _ = context.Calendars.TagWith("querydoctor:allow cartesian-explosion")
            .Include(c => c.Members).Include(c => c.Events).AsSingleQuery().ToList();
        scope.Dispose();

        var report = ReportOf(scope);
        Assert.Empty(report.Findings);
        var suppressed = Assert.Single(report.Suppressed);
        Assert.Equal("cartesian-explosion", suppressed.Finding.Rule);
        Assert.Equal("tag querydoctor:allow cartesian-explosion", suppressed.By);
    }

    [Fact]
    public void CartesianExplosion_ConfiguredSuppression_Suppressed_OtherRulesKept()
    {
        using var capture = new QueryCapture(new QueryDoctorOptions
        {
            Detection = Untimed(new DetectionOptions().Suppress(Suppression.ForRule("cartesian-explosion"))),
        });
        using var context = Db.Context(capture);
        var scope = QueryDoctorScope.Begin("configured");
        _ = context.Calendars.Include(c => c.Members).Include(c => c.Events).AsSingleQuery().ToList();
        foreach (var calendar in context.Calendars.AsNoTracking().ToList())
        {
            _ = context.Members.AsNoTracking().Count(m => m.CalendarId == calendar.Id);
        }

        scope.Dispose();

        var report = Assert.Single(scope.Reports);
        Assert.Equal("n-plus-one", Assert.Single(report.Findings).Rule);
        Assert.Equal("rule cartesian-explosion", Assert.Single(report.Suppressed).By);
    }
}

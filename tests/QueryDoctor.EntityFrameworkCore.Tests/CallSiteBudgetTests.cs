using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.Sql;

namespace QueryDoctor.EntityFrameworkCore.Tests;

public sealed class CallSiteBudgetTests : CaptureTestBase
{
    [Fact]
    public void NeedsCallSite_LoopOfTenThousandFromOneSite_WalksTheStackAFewTimes()
    {
        var recording = Capture.CreateRecording("budget", ambient: false);
        var fingerprint = SqlFingerprint.Of("SELECT * FROM Members WHERE CalendarId = @id");
        var site = new CallSite { Text = "Loop (A.cs:1)" };
        var walks = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (recording.NeedsCallSite(fingerprint, 3, out var known))
            {
                walks++;
                recording.ReportCallSite(fingerprint, site);
            }
            else
            {
                Assert.Equal(site, known);
            }
        }

        Assert.InRange(walks, 3, 20);
    }

    [Fact]
    public void NeedsCallSite_SecondSiteAppears_KeepsWalking()
    {
        var recording = Capture.CreateRecording("varied", ambient: false);
        var fingerprint = SqlFingerprint.Of("SELECT * FROM Votes WHERE MemberId = @id");
        for (var i = 0; i < 3; i++)
        {
            Assert.True(recording.NeedsCallSite(fingerprint, 3, out _));
            recording.ReportCallSite(fingerprint, new CallSite { Text = "A (A.cs:1)" });
        }

        Assert.True(recording.NeedsCallSite(fingerprint, 3, out _)); // the 4th is a power of two: re-checked
        recording.ReportCallSite(fingerprint, new CallSite { Text = "B (B.cs:2)" });
        for (var i = 0; i < 10; i++)
        {
            Assert.True(recording.NeedsCallSite(fingerprint, 3, out _));
            recording.ReportCallSite(fingerprint, new CallSite { Text = "B (B.cs:2)" });
        }
    }

    [Fact]
    public void ThrowingDetector_IsSkipped_OtherFindingsAndResultsStand()
    {
        var detection = Untimed();
        detection.Detectors.Add(new ThrowingDetector());
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = detection });
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("throwing detector");
        var counts = Enumerable.Range(1, 3).Select(id => context.Members.Count(m => m.CalendarId == id)).ToList();
        scope.Dispose();
        Assert.All(counts, c => Assert.Equal(TestDatabase.MembersPerCalendar, c));
        Assert.Equal("n-plus-one", Assert.Single(ReportOf(scope).Findings).Rule);
    }

    private sealed class ThrowingDetector : IScopeDetector
    {
        public IEnumerable<Finding> Detect(ScopeDetectionContext context) => throw new InvalidOperationException("detector bug");
    }
}

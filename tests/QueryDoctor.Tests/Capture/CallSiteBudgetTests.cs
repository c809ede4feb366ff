using QueryDoctor.Capture;
using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Capture;

/// <summary>How many stack walks a scope spends per statement shape.</summary>
public sealed class CallSiteBudgetTests : IDisposable
{
    private QueryCapture Capture { get; } = new(new QueryDoctorOptions());

    public void Dispose() => Capture.Dispose();

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
}

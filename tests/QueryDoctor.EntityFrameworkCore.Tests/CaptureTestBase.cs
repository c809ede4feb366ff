using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests;

public abstract class CaptureTestBase : IDisposable
{
    protected CaptureTestBase()
    {
        Capture = new QueryCapture(new QueryDoctorOptions());
    }

    protected SqliteDatabase Db { get; } = new();

    protected QueryCapture Capture { get; set; }

    public void Dispose()
    {
        Capture.Dispose();
        Db.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static ScopeReport ReportOf(QueryDoctorScope scope) => Assert.Single(scope.Reports);

    protected static IReadOnlyList<Finding> Rule(ScopeReport report, string rule) => [.. report.Findings.Where(f => f.Rule == rule)];
}

using QueryDoctor.Capture;
using QueryDoctor.Detection;

namespace QueryDoctor.EntityFrameworkCore.Tests;

public abstract class CaptureTestBase : IDisposable
{
    protected CaptureTestBase()
    {
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed() });
    }

    protected SqliteDatabase Db { get; } = new();

    protected QueryCapture Capture { get; set; }

    public void Dispose()
    {
        Capture.Dispose();
        Db.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Detection without the timing rules (slow-query, slow-scope): tests never depend on the machine's speed.</summary>
    public static DetectionOptions Untimed(DetectionOptions? options = null)
    {
        options ??= new DetectionOptions();
        options.DisabledRules.Add("slow-query");
        options.DisabledRules.Add("slow-scope");
        return options;
    }

    protected static ScopeReport ReportOf(QueryDoctorScope scope) => Assert.Single(scope.Reports);

    protected static IReadOnlyList<Finding> Rule(ScopeReport report, string rule) => [.. report.Findings.Where(f => f.Rule == rule)];
}

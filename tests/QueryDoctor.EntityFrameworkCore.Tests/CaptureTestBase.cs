using QueryDoctor.Capture;
using QueryDoctor.Detection;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>A capture and a seeded database per test; SQLite unless a subclass picks another provider.</summary>
public abstract class CaptureTestBase : IAsyncLifetime
{
    protected CaptureTestBase()
    {
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = Untimed() });
    }

    protected TestDatabase Db { get; private set; } = null!;

    protected QueryCapture Capture { get; set; }

    /// <summary>Detection without the timing rules (slow-query, slow-scope): tests never depend on the machine's speed.</summary>
    public static DetectionOptions Untimed(DetectionOptions? options = null)
    {
        options ??= new DetectionOptions();
        options.DisabledRules.Add("slow-query");
        options.DisabledRules.Add("slow-scope");
        return options;
    }

    public async ValueTask InitializeAsync() => Db = await CreateDatabaseAsync();

    public virtual ValueTask DisposeAsync()
    {
        Capture.Dispose();
        Db?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected virtual Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());

    protected static ScopeReport ReportOf(QueryDoctorScope scope) => Assert.Single(scope.Reports);

    protected static IReadOnlyList<Finding> Rule(ScopeReport report, string rule) => [.. report.Findings.Where(f => f.Rule == rule)];
}

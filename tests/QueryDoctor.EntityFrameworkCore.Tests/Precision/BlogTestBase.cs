using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests.Precision;

/// <summary>A capture and a seeded blog database per test; SQLite unless a subclass picks PostgreSQL.</summary>
public abstract class BlogTestBase : IAsyncLifetime
{
    protected BlogTestBase()
    {
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = CaptureTestBase.Untimed() });
    }

    protected BlogDatabase Db { get; private set; } = null!;

    protected QueryCapture Capture { get; set; }

    public async ValueTask InitializeAsync() => Db = await CreateDatabaseAsync();

    public ValueTask DisposeAsync()
    {
        Capture.Dispose();
        Db?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected virtual Task<BlogDatabase> CreateDatabaseAsync() => Task.FromResult<BlogDatabase>(new SqliteBlogDatabase());

    protected static ScopeReport ReportOf(QueryDoctorScope scope) => Assert.Single(scope.Reports);

    protected static Finding One(ScopeReport report, string rule) => Assert.Single(report.Findings, f => f.Rule == rule);
}

using QueryDoctor.Capture;
using QueryDoctor.Recording;
using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.Tests.Infrastructure;

/// <summary>A sample database in a folder of its own (deleted on dispose), and recording helpers (scopes of the live capture).</summary>
public sealed class TestDatabase : IDisposable
{
    public TestDatabase(string system)
    {
        Folder = Path.Combine(Path.GetTempPath(), "qd-samples-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Database = SampleDatabase.Open(system, Folder, postgresConnectionString: null);
    }

    public string Folder { get; }

    public SampleDatabase Database { get; }

    /// <summary>Runs the code inside a fresh scope and returns what it recorded and what the scope rules found.</summary>
    public Recording Record<T>(Func<T> run)
    {
        T result;
        var scope = QueryDoctorScope.Begin("test");
        try
        {
            result = run();
        }
        finally
        {
            scope.Dispose();
        }

        return Recorded(scope, result);
    }

    /// <summary>What an ended scope recorded: its report from the live capture (empty when it sent no command).</summary>
    public static Recording Recorded(QueryDoctorScope scope, object? result = null)
    {
        var report = scope.Reports.SingleOrDefault();
        return report is null
            ? new Recording(new QueryScopeBuilder(scope.Name).Build(), [], result)
            : new Recording(report.Scope, report.Findings, result);
    }

    public void Dispose()
    {
        Database.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    public sealed record Recording(QueryScope Scope, IReadOnlyList<Finding> Findings, object? Result)
    {
        public int Queries => Scope.StatementCount;

        public IReadOnlyList<string> Rules => [.. Findings.Select(f => f.Rule).Distinct()];

        public T ResultAs<T>() => (T)Result!;

        public IReadOnlyList<string> Sql => [.. Scope.Events.Select(e => e.Sql)];
    }
}

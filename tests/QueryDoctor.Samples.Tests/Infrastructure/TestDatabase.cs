using QueryDoctor.Detection;
using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.Tests.Infrastructure;

/// <summary>A sample database in a folder of its own (deleted on dispose), and recording helpers.</summary>
public sealed class TestDatabase : IDisposable
{
    private static readonly ScopeAnalyzer Analyzer = new();

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
        var builder = Database.Recorder.Begin("test");
        T result;
        try
        {
            result = run();
        }
        finally
        {
            Database.Recorder.Current = null;
        }

        var scope = builder.Build();
        return new Recording(scope, Analyzer.Analyze(scope), result);
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

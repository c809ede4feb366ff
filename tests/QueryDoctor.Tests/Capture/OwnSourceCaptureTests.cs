using Microsoft.Data.Sqlite;
using QueryDoctor.Capture;
using QueryDoctor.Recording;
using QueryDoctor.Rules;
using Shouldly;

namespace QueryDoctor.Tests.Capture;

/// <summary>
/// A user's own data source feeding a capture through the public seam only (<see cref="QueryCapture.BeginCommand(string, IReadOnlyList{QueryParameter}?, string?, CallSite?)"/>,
/// <see cref="CapturedCommand"/>, <see cref="IFindingEnricher"/>): a hand-written driver runs real SQLite commands and
/// reports each one, and the capture judges them like EF Core's.
/// </summary>
public sealed class OwnSourceCaptureTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public OwnSourceCaptureTests()
    {
        _connection.Open();
        using var setup = _connection.CreateCommand();
        setup.CommandText = """
            CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id), title TEXT NOT NULL);
            INSERT INTO authors (id, name) VALUES (1, 'Ada'), (2, 'Brian'), (3, 'Claude'), (4, 'Dennis'), (5, 'Edsger');
            INSERT INTO books (author_id, title) VALUES (1, 'a1'), (1, 'a2'), (2, 'b1'), (3, 'c1'), (3, 'c2'), (4, 'd1'), (5, 'e1');
            """;
        setup.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void BeginCommand_OwnDriverLoop_ReportsNPlusOneAtTheLoop()
    {
        using var capture = new QueryCapture();
        var driver = new TinyDriver(_connection, capture);

        using (QueryDoctorScope.Begin("authors page"))
        {
            LoadBooksAuthorByAuthor(driver);
        }

        var report = capture.RecentScopes.ShouldHaveSingleItem();
        report.Scope.StatementCount.ShouldBe(6);
        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe(RuleIds.NPlusOne);
        finding.Count.ShouldBe(5);
        finding.Table.ShouldBe("books");
        // The driver sits in this assembly, so it is user code: the call site is its line, and the loop that called
        // it is the first caller (a driver kept in a library left out by IsUserCode would make the loop the call site).
        finding.CallSite.ShouldNotBeNull().ShouldContain(nameof(TinyDriver.Query));
        finding.Callers.ShouldNotBeNull()[0].ShouldContain(nameof(LoadBooksAuthorByAuthor));
        finding.Callers.ShouldNotBeNull()[0].ShouldContain(nameof(OwnSourceCaptureTests) + ".cs:");
    }

    [Fact]
    public void BeginCommand_OwnDriver_RecordsRowsDurationFailureAndDb()
    {
        using var capture = new QueryCapture(new QueryDoctorOptions { IncludeParameterValues = true });

        using (QueryDoctorScope.Begin("job"))
        {
            var command = capture.BeginCommand("SELECT title FROM books WHERE author_id = @id", [new QueryParameter("@id", 3)]).ShouldNotBeNull();
            command.Db = "sqlite";
            command.Executed(TimeSpan.FromMilliseconds(250));
            command.Finish(rows: 2);
            command.Finish(rows: 99);

            var failing = capture.BeginCommand("SELECT nothing FROM nowhere").ShouldNotBeNull();
            failing.Executed(failed: true);
            failing.Finish();
        }

        var events = capture.RecentScopes.ShouldHaveSingleItem().Scope.Events;
        events.Count.ShouldBe(2);
        events[0].Duration.ShouldBe(TimeSpan.FromMilliseconds(250));
        events[0].Rows.ShouldBe(2);
        events[0].Db.ShouldBe("sqlite");
        events[0].Parameters.ShouldNotBeNull().ShouldHaveSingleItem().Value.ShouldBe(3);
        events[0].Failed.ShouldBeFalse();
        events[1].Failed.ShouldBeTrue();
        events[1].Rows.ShouldBeNull();
    }

    [Fact]
    public void BeginCommand_EmptyTextOrUnsampledScope_ReturnsNoHandle()
    {
        using var capture = new QueryCapture(new QueryDoctorOptions { SampleRate = 0 });

        capture.BeginCommand("").ShouldBeNull();
        using (QueryDoctorScope.Begin("not sampled"))
        {
            capture.BeginCommand("SELECT 1").ShouldBeNull();
        }
    }

    [Fact]
    public void AddEnricher_OwnEnricher_RewordsFindingWithTheCommandsNote()
    {
        using var capture = new QueryCapture();
        var enricher = new NoteEnricher();
        capture.AddEnricher(enricher);
        capture.AddEnricher(enricher);
        var driver = new TinyDriver(_connection, capture) { Note = "author's books" };

        using (QueryDoctorScope.Begin("authors page"))
        {
            LoadBooksAuthorByAuthor(driver);
        }

        var finding = capture.RecentFindings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe(RuleIds.NPlusOne);
        finding.Message.ShouldStartWith("[author's books] ");
        finding.Message.ShouldNotStartWith("[author's books] [author's books]");
    }

    [Fact]
    public void AddEnricher_ThrowingEnricher_KeepsTheFindings()
    {
        using var capture = new QueryCapture();
        capture.AddEnricher(new ThrowingEnricher());
        var driver = new TinyDriver(_connection, capture);

        using (QueryDoctorScope.Begin("authors page"))
        {
            LoadBooksAuthorByAuthor(driver);
        }

        capture.RecentFindings.ShouldHaveSingleItem().Rule.ShouldBe(RuleIds.NPlusOne);
    }

    private static void LoadBooksAuthorByAuthor(TinyDriver driver)
    {
        foreach (var id in driver.Query("SELECT id FROM authors ORDER BY id", static r => r.GetInt64(0)))
        {
            driver.Query("SELECT title FROM books WHERE author_id = @id", static r => r.GetString(0), new QueryParameter("@id", id));
        }
    }

    /// <summary>The smallest honest data source: runs a command and tells the capture what it did, never more.</summary>
    private sealed class TinyDriver(SqliteConnection connection, QueryCapture capture)
    {
        public string? Note { get; init; }

        public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params QueryParameter[] parameters)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var parameter in parameters)
            {
                command.Parameters.AddWithValue(parameter.Name!, parameter.Value);
            }

            var captured = capture.BeginCommand(sql, parameters);
            if (captured is not null)
            {
                captured.Db = "sqlite";
                captured.Note = Note;
                captured.MarkSent();
            }

            try
            {
                using var reader = command.ExecuteReader();
                captured?.Executed();
                var rows = new List<T>();
                while (reader.Read())
                {
                    rows.Add(map(reader));
                }

                captured?.Finish(rows.Count);
                return rows;
            }
            catch
            {
                captured?.Executed(failed: true);
                captured?.Finish();
                throw;
            }
        }
    }

    private sealed class NoteEnricher : IFindingEnricher
    {
        public IReadOnlyList<Finding> Enrich(FindingEnrichmentContext context) =>
            [.. context.Findings.Select(f => context.NoteFor(f) is { } note ? f with { Message = $"[{note}] {f.Message}" } : f)];
    }

    private sealed class ThrowingEnricher : IFindingEnricher
    {
        public IReadOnlyList<Finding> Enrich(FindingEnrichmentContext context) => throw new InvalidOperationException("boom");
    }
}

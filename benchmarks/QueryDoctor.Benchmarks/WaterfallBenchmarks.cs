using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QueryDoctor.AspNetCore;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.EntityFrameworkCore;
using QueryDoctor.Recording;
using QueryDoctor.Reporting.Charts;
using static QueryDoctor.Benchmarks.CaptureOverheadBenchmarks;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// Drawing a 10,000-statement request (issue 18: "still renders in under a second of server time"): the waterfall
/// alone (<see cref="WaterfallChart.Render"/>: a timeline bounded to 500 entries, merged to at most 500 bars), the
/// statements' scope built with its bounded timeline, and the dashboard end to end: its request page and its route
/// page fetched through the ASP.NET Core pipeline (TestServer, in process) after one real request ran 10,000 EF Core
/// queries on in-memory SQLite.
/// <c>dotnet run -c Release --project benchmarks/QueryDoctor.Benchmarks -- --filter '*Waterfall*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class WaterfallBenchmarks
{
    private const int Statements = 10_000;

    private QueryScope _scope = null!;
    private IReadOnlyList<Finding> _findings = null!;
    private QueryEvent[] _events = null!;
    private SqliteConnection _connection = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private string _requestPage = "";
    private string _routePage = "";

    [GlobalSetup]
    public void Setup()
    {
        // A request-shaped mix: one list query, then per item a lookup (the N+1 comb) and every tenth item a write,
        // from three call sites, 0.05 ms apart.
        var origin = new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);
        _events = new QueryEvent[Statements];
        for (var i = 0; i < Statements; i++)
        {
            var (sql, site) = (i % 10) switch
            {
                0 when i == 0 => ("SELECT id, title FROM items ORDER BY id LIMIT 10000", "ItemsPage.Load (ItemsPage.cs:20)"),
                9 => ("UPDATE items SET seen = seen + 1 WHERE id = @p0", "ItemsPage.Touch (ItemsPage.cs:41)"),
                _ => ("SELECT * FROM votes WHERE item_id = @p0", "ItemsPage.Votes (ItemsPage.cs:33)"),
            };
            _events[i] = new QueryEvent
            {
                Sql = sql,
                Parameters = [new QueryParameter("@p0", i)],
                CallSite = CallSite.FromText(site),
                StartedAt = origin.AddTicks(i * 500L),
                Duration = TimeSpan.FromTicks(300),
            };
        }

        _scope = BuildScope();
        _findings = new ScopeAnalyzer().Analyze(_scope);

        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        using (var context = new BenchContext(new DbContextOptionsBuilder<BenchContext>().UseSqlite(_connection).Options))
        {
            context.Database.EnsureCreated();
            for (var i = 1; i <= 100; i++)
            {
                context.Items.Add(new Item { GroupId = i % 10, Name = "item " + i });
            }

            context.SaveChanges();
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddQueryDoctor();
        builder.Services.AddDbContext<BenchContext>((services, options) =>
            options.UseSqlite(_connection).UseQueryDoctor(services.GetRequiredService<QueryCapture>()));
        _app = builder.Build();
        _app.UseQueryDoctor();
        _app.MapQueryDoctorDashboard();
        _app.MapGet("/items/all-one-by-one", (BenchContext db) =>
        {
            // Three shapes in turn, so no run of one shape merges: the worst case for the bounded timeline and the bars.
            var sum = 0;
            for (var i = 0; i < Statements; i++)
            {
                var id = (i % 100) + 1;
                sum += (i % 3) switch
                {
                    0 => db.Items.AsNoTracking().Where(item => item.Id == id).Select(item => item.GroupId).FirstOrDefault(),
                    1 => db.Items.AsNoTracking().Count(item => item.GroupId == id % 10),
                    _ => db.Items.AsNoTracking().Where(item => item.Name == "item " + id).Select(item => item.Id).FirstOrDefault(),
                };
            }

            return sum.ToString(CultureInfo.InvariantCulture);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        _client = _app.GetTestClient();
        _client.GetStringAsync("/items/all-one-by-one").GetAwaiter().GetResult();
        var record = _app.Services.GetRequiredService<RequestHistory>().Recent().Single();
        if (record.StatementCount != Statements)
        {
            throw new InvalidOperationException($"the request ran {record.StatementCount} statements, expected {Statements}");
        }

        _requestPage = "/_querydoctor/requests/" + record.Id.ToString(CultureInfo.InvariantCulture);
        _routePage = "/_querydoctor/routes?name=" + Uri.EscapeDataString(record.Name);
        var page = RequestPage();
        if (!page.Contains("class=\"qd-waterfall\"", StringComparison.Ordinal) || !RoutePage().Contains("id=\"requests-over-time\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the dashboard drew no waterfall or no route chart");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
        _connection.Dispose();
    }

    /// <summary>The waterfall SVG of a 10,000-statement scope with its findings' groups.</summary>
    [Benchmark]
    public string Render10000() => WaterfallChart.Render(_scope, _findings);

    /// <summary>10,000 statements into a scope, its bounded timeline included (what capture pays per request).</summary>
    [Benchmark]
    public QueryScope BuildScope10000() => BuildScope();

    /// <summary>The dashboard's page of a 10,000-statement request, through the ASP.NET Core pipeline.</summary>
    [Benchmark]
    public string DashboardRequestPage10000() => RequestPage();

    /// <summary>The dashboard's route page of that request's route (its analysis and example waterfall).</summary>
    [Benchmark]
    public string DashboardRoutePage10000() => RoutePage();

    private string RequestPage() => _client.GetStringAsync(_requestPage).GetAwaiter().GetResult();

    private string RoutePage() => _client.GetStringAsync(_routePage).GetAwaiter().GetResult();

    private QueryScope BuildScope()
    {
        var builder = new QueryScopeBuilder("GET /items");
        foreach (var queryEvent in _events)
        {
            builder.Add(queryEvent);
        }

        return builder.Build();
    }
}

using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QueryDoctor.AspNetCore;
using QueryDoctor.Capture;
using QueryDoctor.EntityFrameworkCore;
using static QueryDoctor.Benchmarks.CaptureOverheadBenchmarks;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// The cost of <c>AddQueryDoctor()</c> + <c>UseQueryDoctor()</c> per request, in one run: the same minimal-API app
/// with and without QueryDoctor (request scope, Server-Timing and X-Process-Time headers, request history; EF Core
/// capture on the query endpoint), in process through the TestServer so no socket noise is measured. Two endpoints:
/// one without queries (the middleware alone) and one EF Core point lookup on in-memory SQLite (middleware + capture).
/// Requests are sent one after another; the Req/s column is 1 / mean.
/// <c>dotnet run -c Release --project benchmarks/QueryDoctor.Benchmarks -- --filter '*AspNetCoreOverhead*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RequestsPerSecondConfig))]
public class AspNetCoreOverheadBenchmarks
{
    private SqliteConnection _connection = null!;
    private WebApplication _plain = null!;
    private WebApplication _doctored = null!;
    private WebApplication _doctoredWithoutSites = null!;
    private WebApplication _captureOnly = null!;
    private HttpClient _plainClient = null!;
    private HttpClient _doctoredClient = null!;
    private HttpClient _doctoredWithoutSitesClient = null!;
    private HttpClient _captureOnlyClient = null!;
    private int _id;

    [GlobalSetup]
    public void Setup()
    {
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

        _plain = Build(queryDoctor: false);
        _doctored = Build(queryDoctor: true);
        _doctoredWithoutSites = Build(queryDoctor: true, callSites: false);
        _captureOnly = Build(queryDoctor: true, middleware: false);
        foreach (var app in new[] { _plain, _doctored, _doctoredWithoutSites, _captureOnly })
        {
            app.StartAsync().GetAwaiter().GetResult();
        }

        _plainClient = _plain.GetTestClient();
        _doctoredClient = _doctored.GetTestClient();
        _doctoredWithoutSitesClient = _doctoredWithoutSites.GetTestClient();
        _captureOnlyClient = _captureOnly.GetTestClient();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plainClient.Dispose();
        _doctoredClient.Dispose();
        _doctoredWithoutSitesClient.Dispose();
        _captureOnlyClient.Dispose();
        foreach (var app in new[] { _plain, _doctored, _doctoredWithoutSites, _captureOnly })
        {
            app.StopAsync().GetAwaiter().GetResult();
            ((IDisposable)app).Dispose();
        }

        _connection.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<string> NoQueries_Without() => _plainClient.GetStringAsync("/ping");

    [Benchmark]
    public Task<string> NoQueries_WithQueryDoctor() => _doctoredClient.GetStringAsync("/ping");

    [Benchmark]
    public Task<string> OneQuery_Without() => _plainClient.GetStringAsync(NextItem());

    [Benchmark]
    public Task<string> OneQuery_WithQueryDoctor() => _doctoredClient.GetStringAsync(NextItem());

    /// <summary>The same with <c>CaptureCallSites = false</c>: what the stack walk of each request's first statements costs.</summary>
    [Benchmark]
    public Task<string> OneQuery_WithQueryDoctorWithoutCallSites() => _doctoredWithoutSitesClient.GetStringAsync(NextItem());

    /// <summary>EF Core capture without the middleware: commands go to the capture's ambient scope (judged every 500).</summary>
    [Benchmark]
    public Task<string> OneQuery_EfCaptureOnly() => _captureOnlyClient.GetStringAsync(NextItem());

    private string NextItem() => "/items/" + ((_id++ % 100) + 1).ToString(CultureInfo.InvariantCulture);

    private WebApplication Build(bool queryDoctor, bool callSites = true, bool middleware = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (queryDoctor)
        {
            builder.Services.AddQueryDoctor(o =>
            {
                o.ProcessTimeHeader = true;
                o.Capture.CaptureCallSites = callSites;
            });
        }

        builder.Services.AddDbContext<BenchContext>((services, options) =>
        {
            options.UseSqlite(_connection);
            if (queryDoctor)
            {
                options.UseQueryDoctor(services.GetRequiredService<QueryCapture>());
            }
        });
        var app = builder.Build();
        if (queryDoctor && middleware)
        {
            app.UseQueryDoctor();
        }

        app.MapGet("/ping", () => "pong");
        app.MapGet("/items/{id:int}", (int id, BenchContext db) => db.Items.AsNoTracking().Where(i => i.Id == id).Select(i => i.Name).FirstOrDefault() ?? "");
        return app;
    }

    /// <summary>Adds a requests-per-second column (1 / mean) to the default columns.</summary>
    private sealed class RequestsPerSecondConfig : ManualConfig
    {
        public RequestsPerSecondConfig() => AddColumn(new RequestsPerSecondColumn());
    }

    private sealed class RequestsPerSecondColumn : IColumn
    {
        public string Id => "RequestsPerSecond";

        public string ColumnName => "Req/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Requests per second, one after another (1 / Mean)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics is { Mean: > 0 } statistics
                ? (1e9 / statistics.Mean).ToString("N0", CultureInfo.InvariantCulture)
                : "NA";

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}

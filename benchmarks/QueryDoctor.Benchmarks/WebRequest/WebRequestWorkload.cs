using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Trace;
using QueryDoctor.Capture;
using QueryDoctor.EntityFrameworkCore;
using QueryDoctor.TestSupport;

namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>
/// One web request as an application sends it: a context from a pool (<c>AddDbContextPool</c>), five different
/// asynchronous queries, the context returned; with QueryDoctor the request is a <see cref="QueryDoctorScope"/> (what
/// its ASP.NET Core middleware opens), judged when it ends. Only the selected variant is attached, so a process
/// that runs one variant carries no other's process-wide subscription.
/// </summary>
public sealed class WebRequestWorkload : IDisposable
{
    private const string ScopeName = "GET /groups/{id}/items";
    private const int ItemCount = 1000;
    private const int GroupCount = 20;

    private readonly RequestVariant _variant;
    private readonly PooledDbContextFactory<RequestContext> _factory;
    private readonly SqliteConnection? _keepAlive;
    private readonly TracerProvider? _tracer;
    private readonly string? _file;
    private int _request;

    private WebRequestWorkload(RequestVariant variant, PooledDbContextFactory<RequestContext> factory, SqliteConnection? keepAlive, TracerProvider? tracer, string? file, DroppingExporter? exporter)
    {
        _variant = variant;
        _factory = factory;
        _keepAlive = keepAlive;
        _tracer = tracer;
        _file = file;
        Exporter = exporter;
    }

    /// <summary>The OpenTelemetry variant's exporter.</summary>
    public DroppingExporter? Exporter { get; }

    /// <summary>The QueryDoctor variants' capture.</summary>
    public QueryCapture? Capture { get; private init; }

    /// <summary>Creates the database (schema and rows, without any variant attached) and the variant's context pool.</summary>
    public static async Task<WebRequestWorkload> CreateAsync(RequestDatabase database, RequestVariant variant)
    {
        SqliteConnection? keepAlive = null;
        string? file = null;
        string? postgres = null;
        switch (database)
        {
            case RequestDatabase.SqliteInMemory:
                keepAlive = new SqliteConnection("Data Source=:memory:");
                keepAlive.Open();
                break;
            case RequestDatabase.SqliteFile:
                file = Path.Combine(Path.GetTempPath(), $"querydoctor-request-{Environment.ProcessId}.db");
                File.Delete(file);
                break;
            default:
                var cluster = await PostgresCluster.GetAsync();
                postgres = new NpgsqlConnectionStringBuilder(await cluster.CreateDatabaseAsync("request")) { Pooling = true }.ConnectionString;
                break;
        }

        void UseDatabase(DbContextOptionsBuilder<RequestContext> builder)
        {
            if (keepAlive is not null)
            {
                builder.UseSqlite(keepAlive);
            }
            else if (file is not null)
            {
                builder.UseSqlite("Data Source=" + file);
            }
            else
            {
                builder.UseNpgsql(postgres);
            }
        }

        var seed = new DbContextOptionsBuilder<RequestContext>();
        UseDatabase(seed);
        await using (var context = new RequestContext(seed.Options))
        {
            await context.Database.EnsureCreatedAsync();
            for (var g = 1; g <= GroupCount; g++)
            {
                context.Groups.Add(new RequestGroup { Id = g, Title = "group " + g });
            }

            for (var i = 1; i <= ItemCount; i++)
            {
                context.Items.Add(new RequestItem { Id = i, GroupId = (i % GroupCount) + 1, Name = "item " + i, Price = i % 97 });
            }

            await context.SaveChangesAsync();
        }

        var options = new DbContextOptionsBuilder<RequestContext>();
        UseDatabase(options);
        TracerProvider? tracer = null;
        QueryCapture? capture = null;
        DroppingExporter? exporter = null;
        switch (variant)
        {
            case RequestVariant.EmptyInterceptor:
                options.AddInterceptors(new EmptyInterceptor());
                if (Environment.GetEnvironmentVariable("QD_PROBE_CONNECTION_INTERCEPTOR") == "1")
                {
                    options.AddInterceptors(new EmptyConnectionInterceptor());
                }

                break;
            case RequestVariant.LogTo:
                options.LogTo(static _ => { }, LogLevel.Information);
                break;
            case RequestVariant.OpenTelemetry:
                exporter = new DroppingExporter();
                tracer = Sdk.CreateTracerProviderBuilder()
                    .AddEntityFrameworkCoreInstrumentation()
                    .AddProcessor(new SimpleActivityExportProcessor(exporter))
                    .Build();
                break;
            case RequestVariant.QueryDoctorWithoutCallSites:
                // What UseQueryDoctor(o => o.CaptureCallSites = false) creates, kept so the probe can read its counters.
                capture = new QueryCapture(new QueryDoctorOptions { CaptureCallSites = false });
                options.UseQueryDoctor(capture);
                break;
            case RequestVariant.QueryDoctor:
            case RequestVariant.QueryDoctorAmbient:
                // What UseQueryDoctor() creates (default options), kept so the probe can read its counters.
                capture = new QueryCapture(int.TryParse(Environment.GetEnvironmentVariable("QD_PROBE_CLEAN"), out var clean) ? new QueryDoctorOptions { RecentCleanScopeCapacity = clean } : null);
                options.UseQueryDoctor(capture);
                break;
        }

        return new WebRequestWorkload(variant, new PooledDbContextFactory<RequestContext>(options.Options), keepAlive, tracer, file, exporter) { Capture = capture };
    }

    /// <summary>One request: five different asynchronous queries on a pooled context.</summary>
    public async Task<int> RequestAsync()
    {
        var n = ++_request;
        var id = (n % ItemCount) + 1;
        var group = (n % GroupCount) + 1;
        var scope = _variant is RequestVariant.QueryDoctor or RequestVariant.QueryDoctorWithoutCallSites ? QueryDoctorScope.Begin(ScopeName) : null;
        try
        {
            await using var context = _factory.CreateDbContext();
            var item = await context.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id);
            var page = await context.Items.AsNoTracking().Where(i => i.GroupId == group).OrderBy(i => i.Id).Take(10).ToListAsync();
            var count = await context.Items.CountAsync(i => i.GroupId == group);
            var owner = await context.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == group);
            var names = await context.Items.AsNoTracking().Where(i => i.GroupId == group && i.Price > 50).OrderBy(i => i.Name).Select(i => i.Name).Take(5).ToListAsync();
            return (item?.Id ?? 0) + page.Count + count + (owner?.Id ?? 0) + names.Count;
        }
        finally
        {
            scope?.Dispose();
        }
    }

    public void Dispose()
    {
        _tracer?.Dispose();
        Capture?.Dispose();
        _keepAlive?.Dispose();
        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(_file);
        }
    }
}

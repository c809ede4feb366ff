using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using QueryDoctor.Capture;
using QueryDoctor.EntityFrameworkCore;

namespace QueryDoctor.Benchmarks;

/// <summary>
/// The cost of live capture on the cheapest queries there are: EF Core over in-memory SQLite, a point lookup
/// and a small list, raw vs <c>UseQueryDoctor()</c> (call sites on, ambient scope) vs EF Core's own <c>LogTo</c>, and an empty
/// <c>DbCommandInterceptor</c> (what EF's interception machinery costs before any work of ours).
/// <c>dotnet run -c Release --project benchmarks/QueryDoctor.Benchmarks -- --filter '*CaptureOverhead*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class CaptureOverheadBenchmarks
{
    private SqliteConnection _connection = null!;
    private QueryCapture _capture = null!;
    private BenchContext _raw = null!;
    private BenchContext _captured = null!;
    private BenchContext _logged = null!;
    private BenchContext _intercepted = null!;
    private QueryCapture _captureWithoutSites = null!;
    private BenchContext _capturedWithoutSites = null!;
    private int _id;

    [GlobalSetup]
    public void Setup()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        _raw = new BenchContext(new DbContextOptionsBuilder<BenchContext>().UseSqlite(_connection).Options);
        _raw.Database.EnsureCreated();
        for (var i = 1; i <= 100; i++)
        {
            _raw.Items.Add(new Item { GroupId = i % 10, Name = "item " + i });
        }

        _raw.SaveChanges();
        _raw.ChangeTracker.Clear();
        _capture = new QueryCapture(new QueryDoctorOptions());
        _captured = new BenchContext(new DbContextOptionsBuilder<BenchContext>().UseSqlite(_connection).UseQueryDoctor(_capture).Options);
        _captureWithoutSites = new QueryCapture(new QueryDoctorOptions { CaptureCallSites = false });
        _capturedWithoutSites = new BenchContext(new DbContextOptionsBuilder<BenchContext>().UseSqlite(_connection).UseQueryDoctor(_captureWithoutSites).Options);
        _intercepted = new BenchContext(new DbContextOptionsBuilder<BenchContext>().UseSqlite(_connection)
            .AddInterceptors(new EmptyCommandInterceptor()).Options);
        _logged = new BenchContext(new DbContextOptionsBuilder<BenchContext>().UseSqlite(_connection)
            .LogTo(static _ => { }, LogLevel.Information).Options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _captured.Dispose();
        _logged.Dispose();
        _intercepted.Dispose();
        _capturedWithoutSites.Dispose();
        _captureWithoutSites.Dispose();
        _capture.Dispose();
        _connection.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Item? PointLookup_Raw() => PointLookup(_raw);

    [Benchmark]
    public Item? PointLookup_QueryDoctor() => PointLookup(_captured);

    [Benchmark]
    public Item? PointLookup_QueryDoctorWithoutCallSites() => PointLookup(_capturedWithoutSites);

    [Benchmark]
    public Item? PointLookup_LogTo() => PointLookup(_logged);

    /// <summary>EF's own cost of having any command interceptor at all: the floor for interceptor-based capture.</summary>
    [Benchmark]
    public Item? PointLookup_EmptyInterceptor() => PointLookup(_intercepted);

    [Benchmark]
    public int SmallList_Raw() => SmallList(_raw);

    [Benchmark]
    public int SmallList_QueryDoctor() => SmallList(_captured);

    [Benchmark]
    public int SmallList_LogTo() => SmallList(_logged);

    private Item? PointLookup(BenchContext context)
    {
        var id = (_id++ % 100) + 1;
        return context.Items.AsNoTracking().FirstOrDefault(i => i.Id == id);
    }

    private int SmallList(BenchContext context)
    {
        var group = _id++ % 10;
        return context.Items.AsNoTracking().Where(i => i.GroupId == group).ToList().Count;
    }

    public sealed class EmptyCommandInterceptor : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
    }

    public sealed class Item
    {
        public int Id { get; set; }

        public int GroupId { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options)
    {
        public DbSet<Item> Items => Set<Item>();
    }
}

using BenchmarkDotNet.Attributes;

namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>
/// Issue 17: what watching EF Core costs on a web request (a pooled context, five different async queries), per
/// database, each variant in its own process (BenchmarkDotNet's default; every setup below attaches one variant
/// only, because OpenTelemetry and QueryDoctor subscribe process-wide to EF's diagnostics).
/// <c>dotnet run -c Release --project benchmarks/QueryDoctor.Benchmarks -- --filter '*WebRequestCost*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class WebRequestCostBenchmarks
{
    private WebRequestWorkload _workload = null!;

    [Params(RequestDatabase.SqliteInMemory, RequestDatabase.SqliteFile, RequestDatabase.PostgreSql)]
    public RequestDatabase Database { get; set; }

    [GlobalSetup(Target = nameof(RawEfCore))]
    public void SetupRaw() => Setup(RequestVariant.Raw);

    [GlobalSetup(Target = nameof(EmptyInterceptor))]
    public void SetupEmptyInterceptor() => Setup(RequestVariant.EmptyInterceptor);

    [GlobalSetup(Target = nameof(LogTo))]
    public void SetupLogTo() => Setup(RequestVariant.LogTo);

    [GlobalSetup(Target = nameof(OpenTelemetry))]
    public void SetupOpenTelemetry() => Setup(RequestVariant.OpenTelemetry);

    [GlobalSetup(Target = nameof(QueryDoctorWithoutCallSites))]
    public void SetupQueryDoctorWithoutCallSites() => Setup(RequestVariant.QueryDoctorWithoutCallSites);

    [GlobalSetup(Target = nameof(QueryDoctor))]
    public void SetupQueryDoctor() => Setup(RequestVariant.QueryDoctor);

    [GlobalSetup(Target = nameof(QueryDoctorAmbient))]
    public void SetupQueryDoctorAmbient() => Setup(RequestVariant.QueryDoctorAmbient);

    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    [Benchmark(Baseline = true, Description = "raw EF Core")]
    public Task<int> RawEfCore() => _workload.RequestAsync();

    [Benchmark(Description = "empty DbCommandInterceptor")]
    public Task<int> EmptyInterceptor() => _workload.RequestAsync();

    [Benchmark(Description = "EF LogTo")]
    public Task<int> LogTo() => _workload.RequestAsync();

    [Benchmark(Description = "OpenTelemetry EF Core instrumentation")]
    public Task<int> OpenTelemetry() => _workload.RequestAsync();

    [Benchmark(Description = "UseQueryDoctor(), call sites off")]
    public Task<int> QueryDoctorWithoutCallSites() => _workload.RequestAsync();

    [Benchmark(Description = "UseQueryDoctor() (defaults)")]
    public Task<int> QueryDoctor() => _workload.RequestAsync();

    [Benchmark(Description = "UseQueryDoctor() (defaults), no scope (ambient)")]
    public Task<int> QueryDoctorAmbient() => _workload.RequestAsync();

    private void Setup(RequestVariant variant) =>
        _workload = WebRequestWorkload.CreateAsync(Database, variant).GetAwaiter().GetResult();
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QueryDoctor.AspNetCore.Tests;

/// <summary>
/// The DateTree sample web app in a TestServer, with its log entries collected. Tests change it through
/// <see cref="Environment"/> and <see cref="ConfigureServices"/> before the first client is created.
/// </summary>
public sealed class SampleAppFactory : WebApplicationFactory<Program>
{
    public LogCollector Logs { get; } = new();

    public string Environment { get; init; } = "Development";

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddFilter("Microsoft", LogLevel.Warning);
            logging.AddFilter("QueryDoctor", LogLevel.Debug);
        });
        builder.ConfigureTestServices(services => ConfigureServices?.Invoke(services));
    }
}

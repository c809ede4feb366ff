using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QueryDoctor.Capture;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests;

/// <summary>
/// Apps on conventional MVC routing (<c>UseMvc</c>, <c>EnableEndpointRouting = false</c>) have no endpoint: requests are
/// named by controller and action once MVC has routed them, and the event log carries that name.
/// </summary>
public sealed class ConventionalRoutingTests : IDisposable
{
    private const int RequestNotNamed = 107;
    private readonly string _log = Path.Combine(Path.GetTempPath(), "qd-mvc-" + Guid.NewGuid().ToString("N") + ".jsonl");

    [Fact]
    public async Task UseMvc_ScopesNamedByControllerAndAction_EventLogCarriesTheName()
    {
        var (app, logs) = Build();
        await using (app)
        {
            var ct = TestContext.Current.CancellationToken;
            await app.StartAsync(ct);
            using var client = app.GetTestClient();
            (await client.GetStringAsync("/Blogs/Details/7", ct)).ShouldBe("7:1");
            (await client.GetStringAsync("/Blogs/Details/8", ct)).ShouldBe("8:1");
            (await client.GetStringAsync("/", ct)).ShouldBe("home");

            var names = app.Services.GetRequiredService<RequestHistory>().Recent().Select(r => r.Name).ToList();
            names.ShouldBe(["GET Blogs/Details", "GET Blogs/Details", "GET Home/Index"], ignoreOrder: true);
            logs.WithEventId(RequestNotNamed).ShouldBeEmpty();
            app.Services.GetRequiredService<QueryCapture>().Dispose();
        }

        var scopes = File.ReadAllLines(_log).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("scope").GetString()).ToList();
        scopes.ShouldNotBeEmpty();
        scopes.ShouldNotContain(s => s!.Contains("no endpoint", StringComparison.Ordinal));
        scopes.Count(s => s == "GET Blogs/Details").ShouldBe(4); // one query line and one scope line per request
    }

    [Fact]
    public async Task UseMvc_RequestWithoutRoute_SaidOnceInTheLog()
    {
        var (app, logs) = Build();
        await using (app)
        {
            var ct = TestContext.Current.CancellationToken;
            await app.StartAsync(ct);
            using var client = app.GetTestClient();
            (await client.GetAsync("/no/such/route/here", ct)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
            (await client.GetAsync("/no/such/route/either", ct)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

            app.Services.GetRequiredService<RequestHistory>().Recent().ShouldAllBe(r => r.Name == "GET (no endpoint)");
            logs.WithEventId(RequestNotNamed).Count.ShouldBe(1);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_log);
    }

    private (WebApplication App, LogCollector Logs) Build()
    {
        var logs = new LogCollector();
        // Development: the dashboard is mapped, so the request history the assertions read is kept.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddQueryDoctor(o => o.Capture.WriteEventsTo(_log));
        builder.Services.AddMvc(o => o.EnableEndpointRouting = false).AddApplicationPart(typeof(BlogsController).Assembly);
        var app = builder.Build();
        app.UseQueryDoctor();
        app.UseMvc(routes => routes.MapRoute("default", "{controller=Home}/{action=Index}/{id?}"));
        return (app, logs);
    }
}

/// <summary>A controller of the conventional-routing test app: one real SQLite query per request.</summary>
public sealed class BlogsController(QueryCapture capture) : Controller
{
    public IActionResult Details(int id)
    {
        using var connection = new SqliteConnection("Data Source=:memory:").WithQueryDoctor(capture);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        return Content(id + ":" + command.ExecuteScalar());
    }
}

/// <summary>The default route's controller.</summary>
public sealed class HomeController : Controller
{
    public IActionResult Index() => Content("home");
}

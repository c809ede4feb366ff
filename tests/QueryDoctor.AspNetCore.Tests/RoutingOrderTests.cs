using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests;

/// <summary>Apps that call <c>UseRouting()</c> themselves: the scope needs the endpoint, so the middleware goes after it.</summary>
public sealed class RoutingOrderTests
{
    private const int MiddlewareBeforeRouting = 106;

    [Fact]
    public async Task AfterExplicitRouting_ScopesAreNamedByTemplate()
    {
        var (app, logs) = Build(app =>
        {
            app.UseRouting();
            app.UseQueryDoctor();
        });
        await using (app)
        {
            await Send(app, "/things/1", "/things/2");

            app.Services.GetRequiredService<RequestHistory>().Recent().ShouldAllBe(r => r.Name == "GET /things/{id}");
            logs.WithEventId(MiddlewareBeforeRouting).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task BeforeExplicitRouting_IsReportedOnce()
    {
        var (app, logs) = Build(app =>
        {
            app.UseQueryDoctor();
            app.UseRouting();
        });
        await using (app)
        {
            await Send(app, "/things/1", "/things/2");

            app.Services.GetRequiredService<RequestHistory>().Recent().ShouldAllBe(r => r.Name == "GET (no endpoint)");
            logs.WithEventId(MiddlewareBeforeRouting).Count.ShouldBe(1);
        }
    }

    private static (WebApplication App, LogCollector Logs) Build(Action<WebApplication> pipeline)
    {
        var logs = new LogCollector();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddQueryDoctor();
        var app = builder.Build();
        pipeline(app);
        app.MapGet("/things/{id:int}", (int id) => id);
        return (app, logs);
    }

    private static async Task Send(WebApplication app, params string[] paths)
    {
        var ct = TestContext.Current.CancellationToken;
        await app.StartAsync(ct);
        using var client = app.GetTestClient();
        foreach (var path in paths)
        {
            (await client.GetAsync(path, ct)).EnsureSuccessStatusCode();
        }
    }
}

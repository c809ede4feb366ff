using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using QueryDoctor.AspNetCore.Dashboard;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests;

/// <summary>Everything the dashboard prints comes from the app and its users: it must be HTML-encoded.</summary>
public sealed class DashboardEncodingTests
{
    private const string Hostile = "<script>alert('x')</script>";

    [Fact]
    public async Task RequestsPage_EncodesNamesAndPaths()
    {
        using var services = Services();
        var history = services.GetRequiredService<RequestHistory>();
        history.Enable();
        history.Add(Record(1));

        var html = await Render(services, context => DashboardEndpoints.Requests(context));

        html.ShouldNotContain(Hostile);
        html.ShouldContain("GET /&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        html.ShouldContain("/p?q=&lt;script&gt;");
    }

    [Fact]
    public async Task RequestPage_EncodesTheName()
    {
        using var services = Services();
        var history = services.GetRequiredService<RequestHistory>();
        history.Enable();
        history.Add(Record(1));

        var html = await Render(services, context => DashboardEndpoints.Request(context, 1));

        html.ShouldNotContain(Hostile);
        html.ShouldContain("<title>GET /&lt;script&gt;");
    }

    private static ServiceProvider Services() => new ServiceCollection().AddLogging().AddQueryDoctor().BuildServiceProvider();

    private static RequestRecord Record(long id) => new()
    {
        Id = id,
        Name = "GET /" + Hostile,
        Path = "/p?q=" + Hostile,
        Status = 200,
        StartedAt = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.FromMilliseconds(1),
        StatementCount = 0,
        DatabaseTime = TimeSpan.Zero,
        Reports = [],
    };

    private static async Task<string> Render(IServiceProvider services, Func<HttpContext, IResult> page)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await page(context).ExecuteAsync(context);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}

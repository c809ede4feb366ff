using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using QueryDoctor.Capture;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests;

public sealed class RequestScopeTests
{
    private const int NaiveOverviewQueries = 58;
    private const int OptimisedOverviewQueries = 2;

    [Fact]
    public async Task Scope_IsNamedByMethodAndRouteTemplate()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        (await client.GetAsync("/calendars/7/overview/naive", ct)).EnsureSuccessStatusCode();
        (await client.GetAsync("/calendars/7/overview", ct)).EnsureSuccessStatusCode();
        (await client.GetAsync("/items/12/votes", ct)).EnsureSuccessStatusCode();

        var capture = factory.Services.GetRequiredService<QueryCapture>();
        capture.RecentScopes.Select(s => s.Name).ShouldBe(
        [
            "GET /calendars/{id}/overview/naive",
            "GET /calendars/{id}/overview",
            "GET /items/{id}/votes",
        ]);
    }

    [Fact]
    public async Task Scope_CarriesTheResponseStatus_IntoTheEventLog()
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-web-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            await using (var factory = new SampleAppFactory
            {
                ConfigureServices = s => s.Configure<QueryDoctorAspNetCoreOptions>(o => o.Capture.WriteEventsTo(path)),
            })
            {
                using var client = factory.CreateClient();
                var ct = TestContext.Current.CancellationToken;
                (await client.GetAsync("/calendars/7/overview", ct)).EnsureSuccessStatusCode();
                (await client.GetAsync("/items/12/votes", ct)).EnsureSuccessStatusCode();

                var capture = factory.Services.GetRequiredService<QueryCapture>();
                capture.RecentScopes.Select(s => s.Scope.Status).ShouldBe([200, 200]);
            }

            var scopeLines = File.ReadAllLines(path).Where(l => l.Contains("\"type\":\"scope\"", StringComparison.Ordinal)).ToList();
            scopeLines.Count.ShouldBe(2);
            scopeLines.ShouldAllBe(l => l.Contains("\"status\":200"));
            scopeLines[0].ShouldContain("\"scope\":\"GET /calendars/{id}/overview\"");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Scope_UnmatchedRequest_IsNamedWithoutThePath()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/no/such/page/4711", TestContext.Current.CancellationToken);

        factory.Services.GetRequiredService<RequestHistory>().Recent().Single().Name.ShouldBe("GET (no endpoint)");
    }

    [Theory]
    [InlineData("/calendars/{id:int}/overview", "/calendars/{id}/overview")]
    [InlineData("calendars/{id:int=3}/items/{itemId?}", "/calendars/{id}/items/{itemId?}")]
    [InlineData("/files/{**path:nonfile}", "/files/{*path}")]
    [InlineData("/reports/{year}-{month:range(1,12)}.{format}", "/reports/{year}-{month}.{format}")]
    [InlineData("/", "/")]
    public void Template_DropsConstraintsAndDefaults(string pattern, string expected) =>
        QueryDoctorMiddleware.Template(RoutePatternFactory.Parse(pattern)).ShouldBe(expected);

    [Fact]
    public async Task FiftyConcurrentRequests_EachScopeHasOnlyItsOwnQueries()
    {
        // Every clean request kept too (by default only the 10 newest clean scopes are).
        await using var factory = new SampleAppFactory
        {
            ConfigureServices = s => s.Configure<QueryDoctorAspNetCoreOptions>(o => o.Capture.RecentCleanScopeCapacity = 50),
        };
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        var requests = Enumerable.Range(1, 50)
            .Select(i => i % 2 == 0 ? $"/calendars/{(i % 25) + 1}/overview/naive" : $"/calendars/{(i % 25) + 1}/overview")
            .ToList();

        var responses = await Task.WhenAll(requests.Select(async path =>
        {
            using var response = await client.GetAsync(path, ct);
            response.EnsureSuccessStatusCode();
            return (Path: path, Timing: response.Headers.GetValues("Server-Timing").Single());
        }));

        foreach (var (path, timing) in responses)
        {
            var expected = path.EndsWith("/naive", StringComparison.Ordinal) ? NaiveOverviewQueries : OptimisedOverviewQueries;
            timing.ShouldContain($"desc=\"{expected} queries\"", customMessage: path);
        }

        var recorded = factory.Services.GetRequiredService<RequestHistory>().Recent();
        recorded.Count.ShouldBe(50);
        foreach (var request in recorded)
        {
            var expected = request.Name.EndsWith("/naive", StringComparison.Ordinal) ? NaiveOverviewQueries : OptimisedOverviewQueries;
            request.StatementCount.ShouldBe(expected, request.Name);
        }

        var scopes = factory.Services.GetRequiredService<QueryCapture>().RecentScopes;
        scopes.Count.ShouldBe(50);
        scopes.Count(s => s.Findings.Any(f => f.Rule == "n-plus-one")).ShouldBe(25);
        scopes.Sum(s => s.Scope.StatementCount).ShouldBe((25 * NaiveOverviewQueries) + (25 * OptimisedOverviewQueries));
    }

    /// <summary>The body has started by the time the scope ends, so the failure aborts the response rather than set 500.</summary>
    [Fact]
    public async Task TestMode_RequestWithFindings_FailsAfterTheyAreRecorded()
    {
        await using var factory = new SampleAppFactory
        {
            ConfigureServices = s => s.Configure<QueryDoctorAspNetCoreOptions>(o => o.Capture.Mode = QueryDoctorMode.Test),
        };
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var clean = await client.GetAsync("/calendars/1/overview", ct);
        var failure = await Should.ThrowAsync<Exception>(() => client.GetAsync("/calendars/1/overview/naive", ct));

        clean.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        failure.ToString().ShouldContain(nameof(QueryDoctorException));
        failure.ToString().ShouldContain("n-plus-one");
        var recorded = factory.Services.GetRequiredService<RequestHistory>().Recent();
        recorded.Count.ShouldBe(2);
        recorded[0].FindingCount.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task ThrowingRequestFilter_IsLoggedOnce_AndRequestsStillSucceed()
    {
        await using var factory = new SampleAppFactory
        {
            ConfigureServices = s => s.Configure<QueryDoctorAspNetCoreOptions>(o => o.RequestFilter = _ => throw new InvalidOperationException("filter bug")),
        };
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        (await client.GetAsync("/calendars/1/overview", ct)).EnsureSuccessStatusCode();
        (await client.GetAsync("/calendars/2/overview", ct)).EnsureSuccessStatusCode();

        factory.Logs.WithEventId(104).Count.ShouldBe(1);
        factory.Services.GetRequiredService<RequestHistory>().Recent().Count.ShouldBe(2);
    }

    [Fact]
    public async Task RequestFilter_False_LeavesTheRequestAlone()
    {
        await using var factory = new SampleAppFactory
        {
            ConfigureServices = s => s.Configure<QueryDoctorAspNetCoreOptions>(o => o.RequestFilter = c => !c.Request.Path.StartsWithSegments("/items")),
        };
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/items/3/votes", TestContext.Current.CancellationToken);

        response.Headers.Contains("Server-Timing").ShouldBeFalse();
        factory.Services.GetRequiredService<RequestHistory>().Recent().ShouldBeEmpty();
    }
}

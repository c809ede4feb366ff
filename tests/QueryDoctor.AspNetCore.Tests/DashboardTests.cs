using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests;

public sealed class DashboardTests
{
    [Fact]
    public async Task Development_ListsRecentRequestsWithQueryCountsAndFindings()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("/calendars/1/overview/naive", ct)).EnsureSuccessStatusCode();
        (await client.GetAsync("/calendars/1/overview", ct)).EnsureSuccessStatusCode();

        using var response = await client.GetAsync("/_querydoctor", ct);
        var html = await response.Content.ReadAsStringAsync(ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'none'");
        html.ShouldContain("data-name=\"GET /calendars/{id}/overview/naive\" data-queries=\"58\"");
        html.ShouldContain("data-name=\"GET /calendars/{id}/overview\" data-queries=\"2\" data-findings=\"0\"");
        html.ShouldContain("<span class=\"badge\">n-plus-one</span>");
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("http://", Case.Insensitive);
        html.ShouldNotContain("https://", Case.Insensitive);
    }

    [Fact]
    public async Task Development_RecentRequestsByRoute_FindingsInNOfMRequests()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("/calendars/1/overview/naive", ct)).EnsureSuccessStatusCode();
        }

        (await client.GetAsync("/calendars/1/overview", ct)).EnsureSuccessStatusCode();
        (await client.GetAsync("/calendars/2/overview", ct)).EnsureSuccessStatusCode();

        var html = await client.GetStringAsync("/_querydoctor", ct);

        html.ShouldContain("<table id=\"routes\">");
        html.ShouldContain("data-name=\"GET /calendars/{id}/overview/naive\" data-requests=\"3\"");
        html.ShouldContain("data-name=\"GET /calendars/{id}/overview\" data-requests=\"2\"");
        html.ShouldMatch("(?s).*<p class=\"route-finding\" data-rule=\"n-plus-one\" data-occurrences=\"3\"><span class=\"rule\">n-plus-one</span> in 3 of 3 GET /calendars/\\{id\\}/overview/naive requests, up to \\d+ times</p>.*");
        html.ShouldNotContain("<script", Case.Insensitive);
    }

    [Fact]
    public async Task Development_RequestPage_GroupsStatementsByFingerprintWithCallSitesAndSuggestions()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("/calendars/1/overview/naive", ct)).EnsureSuccessStatusCode();
        var id = factory.Services.GetRequiredService<RequestHistory>().Recent().Single().Id;

        var html = await client.GetStringAsync($"/_querydoctor/requests/{id}", ct);

        html.ShouldContain("<span id=\"query-count\">58</span>");
        html.ShouldContain("data-rule=\"n-plus-one\"");
        html.ShouldContain("ListItem.Votes lazily loaded 40 times");
        // Items per list, then Votes per item, both lazily: one Include chain on the lists' query (issue 21, item 2).
        html.ShouldContain("class=\"suggestion\">Fix: Eager-load it: add .Include(c =&gt; c.Items).ThenInclude(l =&gt; l.Votes) to the query that loads the CalendarList rows");
        html.ShouldContain("data-count=\"40\"");
        html.ShouldMatch("(?s).*<code class=\"call-site\">QueryDoctor\\.Samples\\.DateTree\\.NaiveCalendarService\\.Overview \\(NaiveCalendarService\\.cs:\\d+\\)</code>.*");
    }

    [Fact]
    public async Task Development_RequestPage_ListsSuppressedFindingsApart()
    {
        await using var factory = new SampleAppFactory
        {
            ConfigureServices = s => s.Configure<QueryDoctorAspNetCoreOptions>(o =>
                o.Capture.Detection = new QueryDoctor.Detection.DetectionOptions()
                    .Suppress(new QueryDoctor.Detection.Suppression { Rule = "too-many-queries", Reason = "overview page, known" })),
        };
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("/calendars/1/overview/naive", ct)).EnsureSuccessStatusCode();
        var id = factory.Services.GetRequiredService<RequestHistory>().Recent().Single().Id;

        var html = await client.GetStringAsync($"/_querydoctor/requests/{id}", ct);

        var findings = html[html.IndexOf("<section id=\"findings\">", StringComparison.Ordinal)..html.IndexOf("<section id=\"suppressed\">", StringComparison.Ordinal)];
        findings.ShouldContain("data-rule=\"n-plus-one\"");
        findings.ShouldNotContain("data-rule=\"too-many-queries\"");
        html.ShouldContain("<p class=\"suppressed muted\" data-rule=\"too-many-queries\">");
        html.ShouldContain("suppressed by rule too-many-queries (overview page, known)");
    }

    [Fact]
    public async Task Development_UnknownRequest_IsNotFound()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/_querydoctor/requests/999", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Development_RoutePage_UnknownRouteIsNotFoundAndKnownRouteIsServedUnderTheStrictPolicy()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("/calendars/1/overview/naive", ct)).EnsureSuccessStatusCode();

        using var unknown = await client.GetAsync("/_querydoctor/routes?name=" + Uri.EscapeDataString("GET /<nope>"), ct);
        using var known = await client.GetAsync("/_querydoctor/routes?name=" + Uri.EscapeDataString("GET /calendars/{id}/overview/naive"), ct);

        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        known.StatusCode.ShouldBe(HttpStatusCode.OK);
        known.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'none'");
        var html = await known.Content.ReadAsStringAsync(ct);
        html.ShouldContain("<h2 id=\"route\" data-name=\"GET /calendars/{id}/overview/naive\" data-requests=\"1\">");
        html.ShouldNotContain("<script", Case.Insensitive);
    }

    [Fact]
    public async Task Dashboard_OwnRequests_AreNotRecorded()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        await client.GetStringAsync("/_querydoctor", ct);
        await client.GetStringAsync("/_querydoctor/schema", ct);

        factory.Services.GetRequiredService<RequestHistory>().Recent().ShouldBeEmpty();
    }

    [Fact]
    public async Task Development_SchemaPage_ShowsSchemaFindings()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/_querydoctor/schema", TestContext.Current.CancellationToken);

        html.ShouldContain("<h2>Schema findings</h2>");
        html.ShouldContain("<section id=\"findings\">");
    }

    [Fact]
    public async Task Development_SchemaPage_WithoutTheVotesIndex_ShowsSchemaPlanAndAdvisorFindings()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<QueryDoctorAspNetCoreOptions>>().Value;
        await using (var connection = options.SchemaConnection!(factory.Services))
        {
            await connection.OpenAsync(ct);
            var indexes = new List<string>();
            await using (var find = connection.CreateCommand())
            {
                find.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'votes' AND sql LIKE '%(\"list_item_id\")%'";
                await using var reader = await find.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    indexes.Add(reader.GetString(0));
                }
            }

            indexes.ShouldNotBeEmpty();
            foreach (var index in indexes)
            {
                await using var drop = connection.CreateCommand();
                drop.CommandText = $"DROP INDEX \"{index}\"";
                await drop.ExecuteNonQueryAsync(ct);
            }
        }

        for (var item = 1; item <= 3; item++)
        {
            (await client.GetAsync($"/items/{item}/votes", ct)).EnsureSuccessStatusCode();
        }

        var schema = await client.GetStringAsync("/_querydoctor/schema", ct);
        var advised = await client.GetStringAsync("/_querydoctor/schema?advise=1", ct);

        schema.ShouldContain("data-rule=\"unindexed-foreign-key\"");
        schema.ShouldContain("data-rule=\"full-scan\"");
        schema.ShouldContain("id=\"advise\"");
        schema.ShouldNotContain("data-rule=\"missing-index\"");
        advised.ShouldContain("data-rule=\"missing-index\"");
        advised.ShouldContain("list_item_id");
        factory.Services.GetRequiredService<RequestHistory>().Recent().Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task OutsideDevelopment_WithoutPolicy_DashboardDoesNotExist(string environment)
    {
        await using var factory = new SampleAppFactory { Environment = environment };
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        using var page = await client.GetAsync("/calendars/1/overview/naive", ct);

        using var list = await client.GetAsync("/_querydoctor", ct);
        using var detail = await client.GetAsync("/_querydoctor/requests/1", ct);
        using var schema = await client.GetAsync("/_querydoctor/schema", ct);
        using var route = await client.GetAsync("/_querydoctor/routes?name=GET%20%2Fcalendars%2F%7Bid%7D%2Foverview%2Fnaive", ct);

        route.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        list.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        detail.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        schema.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        page.Headers.GetValues("Server-Timing").Single().ShouldContain("58 queries");
        // Without a dashboard no request is kept for it (their reports would outlive collections for nothing).
        factory.Services.GetRequiredService<RequestHistory>().Enabled.ShouldBeFalse();
        factory.Services.GetRequiredService<RequestHistory>().Recent().ShouldBeEmpty();
    }

    [Fact]
    public async Task OutsideDevelopment_WithPolicy_RequiresIt()
    {
        await using var factory = new SampleAppFactory
        {
            Environment = "Production",
            ConfigureServices = services =>
            {
                services.AddAuthentication(TestAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuthentication>(TestAuthentication.SchemeName, null);
                services.AddAuthorizationBuilder().AddPolicy("querydoctor", policy => policy.RequireRole("dba"));
                services.Configure<QueryDoctorAspNetCoreOptions>(o => o.DashboardPolicy = "querydoctor");
            },
        };
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("/calendars/1/overview/naive", ct)).EnsureSuccessStatusCode();

        using var anonymous = await client.GetAsync("/_querydoctor", ct);
        using var wrongRole = await Send(client, "/_querydoctor", "viewer", ct);
        using var wrongRoleDetail = await Send(client, "/_querydoctor/requests/1", "viewer", ct);
        using var allowed = await Send(client, "/_querydoctor", "dba", ct);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrongRole.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        wrongRoleDetail.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await allowed.Content.ReadAsStringAsync(ct)).ShouldContain("GET /calendars/{id}/overview/naive");
    }

    [Fact]
    public async Task ParameterValuesAndPaths_AreAbsentByDefault()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("/calendars/17/overview/naive?token=secret-4711", ct)).EnsureSuccessStatusCode();

        var list = await client.GetStringAsync("/_querydoctor", ct);
        var detail = await client.GetStringAsync("/_querydoctor/requests/1", ct);

        foreach (var html in new[] { list, detail })
        {
            html.ShouldNotContain("secret-4711");
            html.ShouldNotContain("/calendars/17");
            html.ShouldNotContain("class=\"values\"");
        }
    }

    [Fact]
    public async Task ParameterValuesAndPaths_AreShownWhenOptedIn()
    {
        await using var factory = new SampleAppFactory
        {
            ConfigureServices = s => s.Configure<QueryDoctorAspNetCoreOptions>(o => o.Capture.IncludeParameterValues = true),
        };
        using var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        (await client.GetAsync("/calendars/17/overview/naive?token=secret-4711", ct)).EnsureSuccessStatusCode();

        var detail = await client.GetStringAsync("/_querydoctor/requests/1", ct);

        detail.ShouldContain("/calendars/17/overview/naive?token=secret-4711");
        detail.ShouldContain("class=\"values\"><code>@calendarId = 17</code>");
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string path, string role, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Test-Role", role);
        return client.SendAsync(request, ct);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests;

/// <summary>Every command takes exactly 600 ms on a fake clock; thresholds default to 1 s (request) and 0.5 s (query).</summary>
public sealed class SlowRequestLogTests
{
    private const int SlowRequest = 101;
    private const int SlowQuery = 102;

    [Fact]
    public async Task OneSlowQuery_IsLogged_RequestUnderOneSecondIsNot()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();

        (await client.GetAsync("/items/5/votes", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var slow = factory.Logs.WithEventId(SlowQuery).ShouldHaveSingleItem();
        slow.Level.ShouldBe(LogLevel.Warning);
        slow.Category.ShouldBe("QueryDoctor.AspNetCore");
        slow.Message.ShouldContain("GET /items/{id}/votes");
        slow.Message.ShouldContain("600.0 ms");
        slow.Message.ShouldContain("votes");
        slow.Message.ShouldContain("OptimisedCalendarService.CountVotes");
        factory.Logs.WithEventId(SlowRequest).ShouldBeEmpty();
    }

    [Fact]
    public async Task TwoSlowQueries_MakeASlowRequest()
    {
        await using var factory = Factory();
        using var client = factory.CreateClient();

        (await client.GetAsync("/calendars/4/overview", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        factory.Logs.WithEventId(SlowQuery).Count.ShouldBe(2);
        var slow = factory.Logs.WithEventId(SlowRequest).ShouldHaveSingleItem();
        slow.Message.ShouldContain("GET /calendars/{id}/overview took 1200.0 ms");
        slow.Message.ShouldContain("2 statements");
    }

    [Fact]
    public async Task Thresholds_FromOptions_AreHonoured()
    {
        await using var factory = Factory(o =>
        {
            o.SlowQueryThreshold = TimeSpan.FromMilliseconds(601);
            o.SlowRequestThreshold = TimeSpan.FromMilliseconds(1201);
        });
        using var client = factory.CreateClient();

        (await client.GetAsync("/calendars/4/overview", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        factory.Logs.WithEventId(SlowQuery).ShouldBeEmpty();
        factory.Logs.WithEventId(SlowRequest).ShouldBeEmpty();
    }

    [Fact]
    public async Task Thresholds_AreInclusive()
    {
        await using var factory = Factory(o =>
        {
            o.SlowQueryThreshold = TimeSpan.FromMilliseconds(600);
            o.SlowRequestThreshold = TimeSpan.FromMilliseconds(1200);
        });
        using var client = factory.CreateClient();

        (await client.GetAsync("/calendars/4/overview", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        factory.Logs.WithEventId(SlowQuery).Count.ShouldBe(2);
        factory.Logs.WithEventId(SlowRequest).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Findings_AreLoggedWhenTheRequestEnds()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();

        (await client.GetAsync("/calendars/2/overview/naive", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var findings = factory.Logs.Entries.Where(e => e.Category == "QueryDoctor" && e.EventId == 1).ToList();
        findings.ShouldContain(e => e.Message.Contains("[n-plus-one]") && e.Message.Contains("GET /calendars/{id}/overview/naive") && e.Message.Contains("NaiveCalendarService.cs:"));
        factory.Logs.WithEventId(103).ShouldContain(e => e.Message.Contains("58 statements"));
    }

    private static SampleAppFactory Factory(Action<QueryDoctorAspNetCoreOptions>? configure = null)
    {
        var clock = new FakeTimeProvider();
        return new SampleAppFactory
        {
            ConfigureServices = s =>
            {
                FakeClock.Use(s, clock, TimeSpan.FromMilliseconds(600));
                if (configure is not null)
                {
                    s.Configure(configure);
                }
            },
        };
    }
}

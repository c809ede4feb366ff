using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests;

public sealed class TimingHeaderTests
{
    [Fact]
    public async Task ServerTiming_ReportsDatabaseTimeQueryCountAndTotal()
    {
        var clock = new FakeTimeProvider();
        await using var factory = new SampleAppFactory { ConfigureServices = s => FakeClock.Use(s, clock, TimeSpan.FromMilliseconds(120)) };
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/calendars/3/overview", TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        response.Headers.GetValues("Server-Timing").ShouldBe(["db;dur=240.0;desc=\"2 queries\", total;dur=240.0"]);
        response.Headers.GetValues("X-Process-Time").ShouldBe(["0.2400"]);
    }

    [Fact]
    public async Task ServerTiming_RequestWithoutQueries_ReportsZeroQueries()
    {
        var clock = new FakeTimeProvider();
        await using var factory = new SampleAppFactory { ConfigureServices = s => FakeClock.Use(s, clock, TimeSpan.FromMilliseconds(120)) };
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        response.Headers.GetValues("Server-Timing").ShouldBe(["db;dur=0.0;desc=\"0 queries\", total;dur=0.0"]);
    }

    [Fact]
    public async Task ServerTiming_NaiveOverview_CountsEveryLazyLoad()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/calendars/1/overview/naive", TestContext.Current.CancellationToken);

        response.Headers.GetValues("Server-Timing").Single().ShouldContain("desc=\"58 queries\"");
        double.Parse(response.Headers.GetValues("X-Process-Time").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Headers_SwitchedOff_AreNotSent()
    {
        await using var factory = new SampleAppFactory
        {
            ConfigureServices = s => s.Configure<QueryDoctorAspNetCoreOptions>(o =>
            {
                o.ServerTimingHeader = false;
                o.ProcessTimeHeader = false;
            }),
        };
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/calendars/3/overview", TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        response.Headers.Contains("Server-Timing").ShouldBeFalse();
        response.Headers.Contains("X-Process-Time").ShouldBeFalse();
    }

    [Theory]
    [InlineData(0, 0.0, 0.0, "db;dur=0.0;desc=\"0 queries\", total;dur=0.0")]
    [InlineData(1, 12.34, 40.06, "db;dur=12.3;desc=\"1 query\", total;dur=40.1")]
    [InlineData(5, 1234.5, 2000, "db;dur=1234.5;desc=\"5 queries\", total;dur=2000.0")]
    public void ServerTiming_Format(int statements, double dbMs, double totalMs, string expected) =>
        QueryDoctorMiddleware.ServerTiming(TimeSpan.FromMilliseconds(dbMs), statements, TimeSpan.FromMilliseconds(totalMs)).ShouldBe(expected);
}

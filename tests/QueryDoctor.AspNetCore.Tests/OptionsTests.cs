using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace QueryDoctor.AspNetCore.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_AreTheContractOnes()
    {
        var options = new QueryDoctorAspNetCoreOptions();

        options.SlowRequestThreshold.ShouldBe(TimeSpan.FromSeconds(1));
        options.SlowQueryThreshold.ShouldBe(TimeSpan.FromMilliseconds(500));
        options.ServerTimingHeader.ShouldBeTrue();
        options.ProcessTimeHeader.ShouldBeFalse();
        options.DashboardPath.ShouldBe("/_querydoctor");
        options.DashboardPolicy.ShouldBeNull();
        options.Capture.IncludeParameterValues.ShouldBeFalse();
        options.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Validate_ReportsEveryProblem()
    {
        var options = new QueryDoctorAspNetCoreOptions
        {
            SlowRequestThreshold = TimeSpan.Zero,
            SlowQueryThreshold = TimeSpan.FromSeconds(-1),
            DashboardPath = "_querydoctor/",
            DashboardPolicy = " ",
            RecentRequestCapacity = -1,
        };
        options.Capture.SampleRate = 2;

        var errors = options.Validate();

        errors.Count.ShouldBe(6);
        errors.ShouldContain(e => e.Contains("SampleRate"));
    }

    [Fact]
    public async Task Startup_WithInvalidOptions_Fails()
    {
        await using var factory = new SampleAppFactory
        {
            ConfigureServices = s => s.Configure<QueryDoctorAspNetCoreOptions>(o => o.SlowQueryThreshold = TimeSpan.Zero),
        };

        var exception = Should.Throw<Exception>(() => factory.CreateClient());

        exception.ToString().ShouldContain("SlowQueryThreshold must be positive");
    }

    [Fact]
    public async Task UseQueryDoctor_WithoutAddQueryDoctor_SaysWhatIsMissing()
    {
        await using var app = WebApplication.CreateBuilder().Build();

        var exception = Should.Throw<InvalidOperationException>(() => app.UseQueryDoctor());

        exception.Message.ShouldContain("services.AddQueryDoctor()");
    }

    [Fact]
    public async Task TestHosts_DoNotWatchConfigurationFiles()
    {
        await using var factory = new SampleAppFactory();
        using var client = factory.CreateClient();

        var root = (Microsoft.Extensions.Configuration.IConfigurationRoot)factory.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();

        var files = root.Providers.OfType<Microsoft.Extensions.Configuration.FileConfigurationProvider>().ToList();
        files.ShouldNotBeEmpty();
        files.ShouldAllBe(p => !p.Source.ReloadOnChange);
    }

    [Fact]
    public void AddQueryDoctor_RegistersOneSharedCapture()
    {
        var services = new ServiceCollection().AddLogging().AddQueryDoctor();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<Capture.QueryCapture>().ShouldBeSameAs(provider.GetRequiredService<Capture.QueryCapture>());
    }

    [Fact]
    public void AddQueryDoctor_KeepsTheAppsOwnCapture()
    {
        using var own = new Capture.QueryCapture();
        var services = new ServiceCollection().AddLogging().AddSingleton(own).AddQueryDoctor();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<Capture.QueryCapture>().ShouldBeSameAs(own);
    }
}

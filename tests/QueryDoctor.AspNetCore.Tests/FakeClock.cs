using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QueryDoctor.Samples.DateTree;

namespace QueryDoctor.AspNetCore.Tests;

/// <summary>A fake clock for the app under test: request and statement durations become exact, nothing sleeps.</summary>
public static class FakeClock
{
    /// <summary>Registers <paramref name="clock"/> as the app's <see cref="TimeProvider"/> and makes every command take <paramref name="perCommand"/> on it.</summary>
    public static void Use(IServiceCollection services, FakeTimeProvider clock, TimeSpan perCommand)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.ConfigureDbContext<DateTreeContext>(options => options.AddInterceptors(new ClockAdvancingInterceptor(clock, perCommand)));
    }
}

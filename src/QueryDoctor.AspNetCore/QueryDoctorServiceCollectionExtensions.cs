using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryDoctor.Capture;

namespace QueryDoctor.AspNetCore;

/// <summary>Registers QueryDoctor's ASP.NET Core integration: <c>services.AddQueryDoctor()</c>.</summary>
public static class QueryDoctorServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared <see cref="QueryCapture"/> (a singleton, for EF Core's
    /// <c>UseQueryDoctor(sp.GetRequiredService&lt;QueryCapture&gt;())</c> and Dapper's <c>WithQueryDoctor(capture)</c>),
    /// the request history behind the dashboard, and the options, validated when the application starts.
    /// Then add the middleware with <c>app.UseQueryDoctor()</c>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets thresholds, headers, dashboard and capture options; defaults when <see langword="null"/>.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddQueryDoctor(this IServiceCollection services, Action<QueryDoctorAspNetCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<QueryDoctorAspNetCoreOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QueryDoctorAspNetCoreOptions>, QueryDoctorOptionsValidator>());
        services.TryAddSingleton<RequestClock>();
        services.TryAddSingleton(static sp => new RequestHistory(sp.GetRequiredService<IOptions<QueryDoctorAspNetCoreOptions>>().Value.RecentRequestCapacity));
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<QueryDoctorAspNetCoreOptions>>().Value;
            var capture = options.Capture;
            capture.Logger ??= sp.GetService<ILoggerFactory>()?.CreateLogger("QueryDoctor");
            if (ReferenceEquals(capture.TimeProvider, TimeProvider.System))
            {
                capture.TimeProvider = sp.GetRequiredService<RequestClock>().TimeProvider;
            }

            return new QueryCapture(capture);
        });
        services.TryAddSingleton<QueryDoctorMarker>();
        return services;
    }
}

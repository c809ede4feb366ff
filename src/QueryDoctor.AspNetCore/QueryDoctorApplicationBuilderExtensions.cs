using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace QueryDoctor.AspNetCore;

/// <summary>Adds QueryDoctor to the request pipeline: <c>app.UseQueryDoctor()</c>.</summary>
public static class QueryDoctorApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the request middleware (one scope per request named by route template, <c>Server-Timing</c> and
    /// optional <c>X-Process-Time</c> headers, slow-request and slow-query log entries, findings logged when the
    /// request ends) and, when <paramref name="app"/> is also an endpoint builder (a <c>WebApplication</c>), maps
    /// the dashboard (see <see cref="QueryDoctorEndpointRouteBuilderExtensions.MapQueryDoctorDashboard"/>).
    /// Call it after <c>UseRouting()</c> when the app calls that itself, so the route template is known.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddQueryDoctor()</c> was not called.</exception>
    public static IApplicationBuilder UseQueryDoctor(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetService<QueryDoctorMarker>() is null)
        {
            throw new InvalidOperationException("QueryDoctor's services are missing: call services.AddQueryDoctor() before app.UseQueryDoctor().");
        }

        app.UseMiddleware<QueryDoctorMiddleware>();
        if (app is IEndpointRouteBuilder endpoints)
        {
            endpoints.MapQueryDoctorDashboard();
        }

        return app;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QueryDoctor.AspNetCore.Dashboard;

namespace QueryDoctor.AspNetCore;

/// <summary>Maps QueryDoctor's development dashboard.</summary>
public static class QueryDoctorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard at <see cref="QueryDoctorAspNetCoreOptions.DashboardPath"/>: recent requests, each request's
    /// statements grouped by fingerprint with call sites and findings, and the schema page when an inspector is
    /// configured. Private by default: without <see cref="QueryDoctorAspNetCoreOptions.DashboardPolicy"/> it is mapped
    /// only in the Development environment (elsewhere the path is simply not found); with a policy it is mapped in every
    /// environment and requires it. <c>UseQueryDoctor()</c> calls this for a <c>WebApplication</c>; call it yourself
    /// inside <c>UseEndpoints</c> otherwise. Calling it twice maps nothing more.
    /// </summary>
    /// <param name="endpoints">The endpoint builder.</param>
    /// <returns>The dashboard's endpoints, for further conventions; <see langword="null"/> when nothing was mapped.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddQueryDoctor()</c> was not called.</exception>
    public static IEndpointConventionBuilder? MapQueryDoctorDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var marker = services.GetService<QueryDoctorMarker>()
            ?? throw new InvalidOperationException("QueryDoctor's services are missing: call services.AddQueryDoctor() before mapping the dashboard.");
        var options = services.GetRequiredService<IOptions<QueryDoctorAspNetCoreOptions>>().Value;
        var environment = services.GetService<IHostEnvironment>();
        if (options.DashboardPath is not { } path
            || (options.DashboardPolicy is null && environment?.IsDevelopment() != true)
            || !marker.TryMarkDashboardMapped())
        {
            return null;
        }

        services.GetRequiredService<RequestHistory>().Enable();
        var group = endpoints.MapGroup(path);
        group.MapGet("/", static (HttpContext context) => DashboardEndpoints.Requests(context));
        group.MapGet("/requests/{id:long}", static (HttpContext context, long id) => DashboardEndpoints.Request(context, id));
        group.MapGet("/routes", static (HttpContext context) => RouteView.Render(context));
        group.MapGet("/schema", (Delegate)(static (HttpContext context) => DashboardEndpoints.Schema(context)));
        group.ExcludeFromDescription();
        if (options.DashboardPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }

        return group;
    }
}

using Microsoft.AspNetCore.Http;

namespace QueryDoctor.AspNetCore.Dashboard;

/// <summary>A dashboard page: HTML with a strict content security policy, never cached.</summary>
internal sealed class HtmlResult(string html, int status, string contentSecurityPolicy) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
        return response.WriteAsync(html, httpContext.RequestAborted);
    }
}

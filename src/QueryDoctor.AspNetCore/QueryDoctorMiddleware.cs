using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QueryDoctor.Capture;

namespace QueryDoctor.AspNetCore;

/// <summary>
/// One <see cref="QueryDoctorScope"/> per request, named by method and route template (<c>GET /calendars/{id}</c>).
/// It runs after routing (WebApplication routes before the app's own middleware; with an explicit
/// <c>UseRouting()</c> call <c>UseQueryDoctor()</c> after it), so the endpoint, and with it the template, is known
/// when the scope begins and the name never changes. Timing headers are written when the response starts;
/// slow-request and slow-query entries, the findings (through the capture's logger) and the dashboard's record
/// when the request ends. Failures of its own are logged once and never reach the request.
/// </summary>
internal sealed class QueryDoctorMiddleware
{
    private static readonly Func<object, Task> WriteHeadersCallback = static state =>
    {
        ((RequestTiming)state).WriteHeaders();
        return Task.CompletedTask;
    };

    private static readonly ConditionalWeakTable<RouteEndpoint, EndpointName> Names = new();

    private readonly RequestDelegate _next;
    private readonly QueryDoctorAspNetCoreOptions _options;
    private readonly RequestHistory _history;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PathString _dashboardPath;
    private readonly bool _keepPaths;
    private readonly FailureReporter _failures = new();
    private bool _warnedBeforeRouting;
    private bool _warnedNotNamed;

    public QueryDoctorMiddleware(
        RequestDelegate next,
        IOptions<QueryDoctorAspNetCoreOptions> options,
        QueryCapture capture,
        RequestHistory history,
        RequestClock clock,
        ILoggerFactory loggerFactory)
    {
        _next = next;
        _options = options.Value;
        _history = history;
        _time = clock.TimeProvider;
        _logger = loggerFactory.CreateLogger("QueryDoctor.AspNetCore");
        _dashboardPath = _options.DashboardPath is { } path ? new PathString(path) : default;
        _keepPaths = capture.Options.IncludeParameterValues && capture.Options.Mode != QueryDoctorMode.Production;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!ShouldRecord(context))
        {
            await _next(context);
            return;
        }

        QueryDoctorScope scope;
        long start;
        DateTimeOffset startedAt;
        try
        {
            start = _time.GetTimestamp();
            startedAt = _time.GetUtcNow();
            scope = QueryDoctorScope.Begin(ScopeName(context), _time);

            // No endpoint yet: conventional MVC routing (UseMvc) routes inside the app, so the name waits for its route values.
            scope.NameIsProvisional = context.GetEndpoint() is null;
        }
#pragma warning disable CA1031 // Whatever fails here, the request runs as it would without us.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("request start", exception);
            await _next(context);
            return;
        }

        if (_options.ServerTimingHeader || _options.ProcessTimeHeader)
        {
            try
            {
                context.Response.OnStarting(WriteHeadersCallback, new RequestTiming(this, context, scope, start));
            }
#pragma warning disable CA1031 // E.g. the response was started by earlier middleware: no headers, the scope goes on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Failed("timing headers", exception);
            }
        }

        var routed = context.GetEndpoint() is not null;
        var failed = false;
        try
        {
            await _next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            if (!routed && !_warnedBeforeRouting && context.GetEndpoint() is not null)
            {
                // Routing ran after us: every scope of this app is named "(no endpoint)".
                _warnedBeforeRouting = true;
                RequestLog.MiddlewareBeforeRouting(_logger);
            }
            else if (!routed && context.GetEndpoint() is null)
            {
                NameFromRoute(context, scope);
            }

            End(context, scope, start, startedAt, failed);
        }
    }

    /// <summary>
    /// The scope name: method and route template without constraints or defaults (<c>GET /calendars/{id}</c> for
    /// <c>/calendars/{id:int}</c>), else the endpoint's display name, else <c>(no endpoint)</c>.
    /// </summary>
    internal static string ScopeName(HttpContext context)
    {
        var method = context.Request.Method;
        var endpoint = context.GetEndpoint();
        if (endpoint is RouteEndpoint route)
        {
            return Names.GetValue(route, static r => new EndpointName(Template(r.RoutePattern))).For(method);
        }

        if (endpoint?.DisplayName is { Length: > 0 } display)
        {
            return method + " " + display;
        }

        return method + " (no endpoint)";
    }

    /// <summary>
    /// The name of a request routed without endpoints (conventional MVC routing: <c>UseMvc</c> with
    /// <c>EnableEndpointRouting = false</c>): method and the route values that say what ran, <c>GET Blogs/Details</c>
    /// (<c>Admin/Blogs/Details</c> with an area, the page for Razor Pages); <see langword="null"/> without route values.
    /// </summary>
    internal static string? RouteValuesName(HttpContext context)
    {
        var values = context.GetRouteData()?.Values;
        if (values is null || values.Count == 0)
        {
            return null;
        }

        static string? Value(RouteValueDictionary values, string key) =>
            values.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text ? text : null;

        var method = context.Request.Method;
        if (Value(values, "page") is { } page)
        {
            return method + " " + page;
        }

        if (Value(values, "controller") is { } controller && Value(values, "action") is { } action)
        {
            return Value(values, "area") is { } area ? $"{method} {area}/{controller}/{action}" : $"{method} {controller}/{action}";
        }

        return null;
    }

    /// <summary>The pattern as written, minus parameter constraints and defaults: <c>/calendars/{id}/overview</c>.</summary>
    internal static string Template(RoutePattern pattern)
    {
        var text = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            text.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        text.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        text.Append('{').Append(parameter.IsCatchAll ? "*" : "").Append(parameter.Name).Append(parameter.IsOptional ? "?" : "").Append('}');
                        break;
                }
            }
        }

        return text.Length == 0 ? "/" : text.ToString();
    }

    /// <summary><c>Server-Timing: db;dur=12.3;desc="5 queries", total;dur=40.1</c>.</summary>
    internal static string ServerTiming(TimeSpan database, int statements, TimeSpan total) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"db;dur={database.TotalMilliseconds:0.0};desc=\"{statements} {(statements == 1 ? "query" : "queries")}\", total;dur={total.TotalMilliseconds:0.0}");

    private bool ShouldRecord(HttpContext context)
    {
        if (_dashboardPath.HasValue && context.Request.Path.StartsWithSegments(_dashboardPath))
        {
            return false;
        }

        try
        {
            return _options.RequestFilter?.Invoke(context) ?? true;
        }
#pragma warning disable CA1031 // A throwing filter is the app's bug: record the request rather than fail it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("request filter", exception);
            return true;
        }
    }

    private void End(HttpContext context, QueryDoctorScope scope, long start, DateTimeOffset startedAt, bool failed)
    {
        var duration = _time.GetElapsedTime(start);
        QueryDoctorException? failing = null;
        try
        {
            scope.Status = StatusOf(context, failed);
            scope.Dispose();
        }
        catch (QueryDoctorException exception)
        {
            // Test mode asked for it: the request fails with the findings, after they are recorded below.
            failing = exception;
        }

        try
        {
            Record(context, scope, startedAt, duration, failed);
        }
#pragma warning disable CA1031
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("request end", exception);
        }

        if (failing is not null)
        {
            ExceptionDispatchInfo.Capture(failing).Throw();
        }
    }

    private void NameFromRoute(HttpContext context, QueryDoctorScope scope)
    {
        try
        {
            if (RouteValuesName(context) is { } name)
            {
                scope.Rename(name);
            }
            else if (!_warnedNotNamed)
            {
                _warnedNotNamed = true;
                RequestLog.RequestNotNamed(_logger, scope.Name);
            }
        }
#pragma warning disable CA1031 // A name we cannot make leaves the provisional one.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failed("request name", exception);
        }
    }

    /// <summary>The response's status; a request that threw before its response started is a 500.</summary>
    private static int StatusOf(HttpContext context, bool failed) =>
        failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;

    private void Record(HttpContext context, QueryDoctorScope scope, DateTimeOffset startedAt, TimeSpan duration, bool failed)
    {
        var status = StatusOf(context, failed);
        var reports = scope.Reports;
        var statements = 0;
        var database = TimeSpan.Zero;
        var findings = 0;
        foreach (var report in reports)
        {
            statements += report.Scope.StatementCount;
            database += report.Scope.TotalDuration;
            findings += report.Findings.Count;
            foreach (var group in report.Scope.Groups)
            {
                if (group.MaxDuration >= _options.SlowQueryThreshold && _logger.IsEnabled(LogLevel.Warning))
                {
                    RequestLog.SlowQuery(
                        _logger, scope.Name, group.MaxDuration.TotalMilliseconds, _options.SlowQueryThreshold.TotalMilliseconds,
                        group.Count, group.CallSite.ToString(), group.Fingerprint.Text);
                }
            }
        }

        if (duration >= _options.SlowRequestThreshold && _logger.IsEnabled(LogLevel.Warning))
        {
            RequestLog.SlowRequest(_logger, scope.Name, duration.TotalMilliseconds, _options.SlowRequestThreshold.TotalMilliseconds, status, statements, database.TotalMilliseconds);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            RequestLog.RequestCompleted(_logger, scope.Name, duration.TotalMilliseconds, status, statements, database.TotalMilliseconds, findings);
        }

        if (!_history.Enabled)
        {
            return;
        }

        _history.Add(new RequestRecord
        {
            Id = _history.NextId(),
            Name = scope.Name,
            Path = _keepPaths ? context.Request.Path.Value + context.Request.QueryString.Value : null,
            Status = status,
            StartedAt = startedAt,
            Duration = duration,
            StatementCount = statements,
            DatabaseTime = database,
            Reports = reports,
        });
    }

    private void Failed(string where, Exception exception) =>
        _failures.Report(where, exception, (e, kind) => RequestLog.MiddlewareFailed(_logger, e, kind));

    /// <summary>An endpoint's scope name, built once per endpoint and method rather than once per request.</summary>
    private sealed class EndpointName(string template)
    {
        private Named? _last;

        public string For(string method)
        {
            var last = Volatile.Read(ref _last);
            if (last is not null && string.Equals(last.Method, method, StringComparison.Ordinal))
            {
                return last.Name;
            }

            last = new Named(method, method + " " + template);
            Volatile.Write(ref _last, last);
            return last.Name;
        }

        private sealed record Named(string Method, string Name);
    }

    /// <summary>What the response-starting callback needs: one object, so the callback allocates no closure.</summary>
    private sealed class RequestTiming(QueryDoctorMiddleware middleware, HttpContext context, QueryDoctorScope scope, long start)
    {
        public void WriteHeaders()
        {
            try
            {
                var options = middleware._options;
                var total = middleware._time.GetElapsedTime(start);
                var headers = context.Response.Headers;
                if (options.ServerTimingHeader)
                {
                    headers.Append("Server-Timing", ServerTiming(scope.StatementDuration, scope.StatementCount, total));
                }

                if (options.ProcessTimeHeader)
                {
                    headers["X-Process-Time"] = total.TotalSeconds.ToString("0.0000", CultureInfo.InvariantCulture);
                }
            }
#pragma warning disable CA1031
            catch (Exception exception)
#pragma warning restore CA1031
            {
                middleware.Failed("timing headers", exception);
            }
        }
    }
}

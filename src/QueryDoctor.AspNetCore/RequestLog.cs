using Microsoft.Extensions.Logging;

namespace QueryDoctor.AspNetCore;

/// <summary>Log messages of the ASP.NET Core integration (category <c>QueryDoctor.AspNetCore</c>). Event ids are stable: append, never renumber.</summary>
internal static partial class RequestLog
{
    [LoggerMessage(EventId = 101, EventName = "SlowRequest", Level = LogLevel.Warning,
        Message = "QueryDoctor: slow request {Request} took {DurationMs:0.0} ms (threshold {ThresholdMs:0} ms), status {Status}, {Statements} statements, {DbMs:0.0} ms in the database")]
    public static partial void SlowRequest(ILogger logger, string request, double durationMs, double thresholdMs, int status, int statements, double dbMs);

    [LoggerMessage(EventId = 102, EventName = "SlowQuery", Level = LogLevel.Warning,
        Message = "QueryDoctor: slow query in {Request} took {DurationMs:0.0} ms (threshold {ThresholdMs:0} ms, ran {Count} times) at {CallSite}: {Sql}")]
    public static partial void SlowQuery(ILogger logger, string request, double durationMs, double thresholdMs, int count, string callSite, string sql);

    [LoggerMessage(EventId = 103, EventName = "RequestCompleted", Level = LogLevel.Debug,
        Message = "QueryDoctor: {Request} took {DurationMs:0.0} ms, status {Status}, {Statements} statements, {DbMs:0.0} ms in the database, {Findings} findings")]
    public static partial void RequestCompleted(ILogger logger, string request, double durationMs, int status, int statements, double dbMs, int findings);

    [LoggerMessage(EventId = 104, EventName = "MiddlewareFailed", Level = LogLevel.Warning,
        Message = "QueryDoctor: the request middleware failed in {Where}; this kind of failure is not reported again, requests are unaffected")]
    public static partial void MiddlewareFailed(ILogger logger, Exception exception, string where);

    [LoggerMessage(EventId = 105, EventName = "SchemaInspectionFailed", Level = LogLevel.Warning,
        Message = "QueryDoctor: the dashboard's schema inspection failed")]
    public static partial void SchemaInspectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 106, EventName = "MiddlewareBeforeRouting", Level = LogLevel.Warning,
        Message = "QueryDoctor: UseQueryDoctor() runs before routing, so requests cannot be named by route template; call it after UseRouting()")]
    public static partial void MiddlewareBeforeRouting(ILogger logger);

    [LoggerMessage(EventId = 107, EventName = "RequestNotNamed", Level = LogLevel.Information,
        Message = "QueryDoctor: a request had neither an endpoint nor route values (conventional MVC routing names requests by controller and action), so it is named '{Name}'; requests like it share that name")]
    public static partial void RequestNotNamed(ILogger logger, string name);
}

using Microsoft.Extensions.Logging;

namespace QueryDoctor.Capture;

/// <summary>Log messages of live capture. Event ids are stable: append, never renumber.</summary>
internal static partial class CaptureLog
{
    [LoggerMessage(EventId = 1, EventName = "Finding", Message = "QueryDoctor [{Rule}] in scope '{Scope}': {Message} Fix: {Suggestion}")]
    public static partial void Finding(ILogger logger, LogLevel level, string rule, string scope, string message, string? suggestion);

    [LoggerMessage(EventId = 2, EventName = "ScopeClean", Level = LogLevel.Debug, Message = "QueryDoctor: scope '{Scope}' is clean ({Statements} statements)")]
    public static partial void ScopeClean(ILogger logger, string scope, int statements);

    [LoggerMessage(EventId = 3, EventName = "CaptureFailed", Level = LogLevel.Warning, Message = "QueryDoctor: capture failed in {Where}; this kind of failure is not reported again, queries are unaffected")]
    public static partial void CaptureFailed(ILogger logger, Exception exception, string where);

    [LoggerMessage(EventId = 4, EventName = "SinkFailed", Level = LogLevel.Warning, Message = "QueryDoctor: the {Sink} sink failed; it is not reported again")]
    public static partial void SinkFailed(ILogger logger, Exception exception, string sink);

    [LoggerMessage(EventId = 5, EventName = "DetectorFailed", Level = LogLevel.Warning, Message = "QueryDoctor: detector {Detector} failed and was skipped")]
    public static partial void DetectorFailed(ILogger logger, Exception exception, string detector);

    [LoggerMessage(EventId = 6, EventName = "EventLogFailed", Level = LogLevel.Warning, Message = "QueryDoctor: writing the event log {Path} failed; the event log is switched off")]
    public static partial void EventLogFailed(ILogger logger, Exception exception, string path);
}

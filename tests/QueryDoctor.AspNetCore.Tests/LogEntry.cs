using Microsoft.Extensions.Logging;

namespace QueryDoctor.AspNetCore.Tests;

/// <summary>One collected log entry.</summary>
public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message);

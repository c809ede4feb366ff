using System.Globalization;

namespace QueryDoctor.Otlp;

/// <summary>
/// What the trace assembly keeps of one span (CONTRACTS §6): its ids, whether it is a local root (then the scope
/// name and outcome), and for a database client span the statement. Other attributes are not kept. Built by a
/// decoder with <see cref="Create"/> and given to <see cref="TraceAnalysis.Add(IEnumerable{TraceSpan})"/>.
/// </summary>
public sealed class TraceSpan
{
    private TraceSpan(string traceId, string spanId, string? parentSpanId)
    {
        TraceId = traceId;
        SpanId = spanId;
        ParentSpanId = parentSpanId;
    }

    /// <summary>The trace id, 32 lower-case hex digits.</summary>
    internal string TraceId { get; }

    /// <summary>The span id, 16 lower-case hex digits.</summary>
    internal string SpanId { get; }

    /// <summary>The parent's span id, or <see langword="null"/> for a span without parent.</summary>
    internal string? ParentSpanId { get; }

    /// <summary>Whether this span starts a unit of work: kind SERVER or CONSUMER, or no parent.</summary>
    internal bool IsLocalRoot { get; private init; }

    /// <summary>For a local root: <c>METHOD route</c>, else the span's name.</summary>
    internal string? ScopeName { get; private init; }

    /// <summary>For a local root: its duration, when both times are known.</summary>
    internal TimeSpan? Duration { get; private init; }

    /// <summary>For a local root: the HTTP response status, when given.</summary>
    internal int? Status { get; private init; }

    /// <summary>For a database client span with query text: the statement.</summary>
    internal QueryEvent? Statement { get; private init; }

    /// <summary>Maps a decoded span.</summary>
    /// <param name="traceId">Trace id, lower-case hex.</param>
    /// <param name="spanId">Span id, lower-case hex.</param>
    /// <param name="parentSpanId">Parent span id, or <see langword="null"/>.</param>
    /// <param name="name">The span's name.</param>
    /// <param name="kind">The span's kind.</param>
    /// <param name="startUnixNano">Start time in nanoseconds since the Unix epoch (0 = unknown).</param>
    /// <param name="endUnixNano">End time in nanoseconds since the Unix epoch (0 = unknown).</param>
    /// <param name="failed">Whether the span's status is ERROR.</param>
    /// <param name="attributes">The attributes the mapping reads.</param>
    /// <returns>The span.</returns>
    public static TraceSpan Create(
        string traceId,
        string spanId,
        string? parentSpanId,
        string name,
        OtlpSpanKind kind,
        ulong startUnixNano,
        ulong endUnixNano,
        bool failed,
        SpanAttributes attributes)
    {
        var duration = startUnixNano > 0 && endUnixNano >= startUnixNano
            ? TimeSpan.FromTicks((long)((endUnixNano - startUnixNano) / 100))
            : (TimeSpan?)null;
        var isRoot = kind is OtlpSpanKind.Server or OtlpSpanKind.Consumer || parentSpanId is null;
        var dbSystem = attributes.DbSystemName ?? attributes.DbSystem;
        var sql = attributes.DbQueryText ?? attributes.DbStatement;
        QueryEvent? statement = null;
        if (kind == OtlpSpanKind.Client && dbSystem is not null && !string.IsNullOrWhiteSpace(sql))
        {
            statement = new QueryEvent
            {
                Sql = sql,
                Parameters = attributes.Parameters,
                Duration = duration,
                Rows = attributes.ReturnedRows is >= 0 ? attributes.ReturnedRows : null,
                CallSite = CallSiteOf(attributes),
                StartedAt = startUnixNano > 0 ? DateTimeOffset.UnixEpoch.AddTicks((long)(startUnixNano / 100)) : null,
                Db = DbKind(dbSystem),
                Failed = failed,
            };
        }

        if (!isRoot || statement is not null)
        {
            // A statement is never a unit of work of its own: a database span without parent is an orphan.
            return new TraceSpan(traceId, spanId, parentSpanId) { Statement = statement };
        }

        var method = attributes.HttpRequestMethod ?? attributes.HttpMethod;
        var status = attributes.HttpResponseStatusCode ?? attributes.HttpStatusCode;
        return new TraceSpan(traceId, spanId, parentSpanId)
        {
            IsLocalRoot = true,
            ScopeName = !string.IsNullOrWhiteSpace(method) && !string.IsNullOrWhiteSpace(attributes.HttpRoute)
                ? method + " " + attributes.HttpRoute
                : string.IsNullOrWhiteSpace(name) ? "(unnamed span)" : name,
            Duration = duration,
            Status = status is >= 0 and <= int.MaxValue ? (int)status : null,
        };
    }

    /// <summary>
    /// The call site from <c>code.function.name</c> / <c>code.file.path</c> / <c>code.line.number</c>, or the older
    /// <c>code.namespace</c> + <c>code.function</c> / <c>code.filepath</c> / <c>code.lineno</c>, written like the live
    /// capture's: <c>Method (File.cs:42)</c>.
    /// </summary>
    internal static CallSite CallSiteOf(SpanAttributes attributes)
    {
        var method = attributes.CodeFunctionName;
        if (string.IsNullOrWhiteSpace(method))
        {
            method = string.IsNullOrWhiteSpace(attributes.CodeFunction)
                ? null
                : string.IsNullOrWhiteSpace(attributes.CodeNamespace) ? attributes.CodeFunction : attributes.CodeNamespace + "." + attributes.CodeFunction;
        }

        var file = attributes.CodeFilePath ?? attributes.LegacyCodeFilepath;
        if (string.IsNullOrWhiteSpace(file))
        {
            file = null;
        }

        var line = attributes.CodeLineNumber ?? attributes.CodeLineno;
        int? lineNumber = line is > 0 and <= int.MaxValue ? (int)line : null;
        if (method is null && file is null)
        {
            return CallSite.Unknown;
        }

        var location = file is null
            ? null
            : file[(file.LastIndexOfAny(['/', '\\']) + 1)..] + (lineNumber is { } l ? ":" + l.ToString(CultureInfo.InvariantCulture) : "");
        var text = method is null ? location! : location is null ? method : $"{method} ({location})";
        return new CallSite { Text = text, Method = method, File = file, Line = lineNumber };
    }

    /// <summary>The event log's database kind for a <c>db.system.name</c> / <c>db.system</c> value; <see langword="null"/> for others.</summary>
    internal static string? DbKind(string system) => system.ToLowerInvariant() switch
    {
        "postgresql" => "postgresql",
        "sqlite" => "sqlite",
        "microsoft.sql_server" or "mssql" => "sqlserver",
        "mysql" or "mariadb" => "mysql",
        _ => null,
    };
}

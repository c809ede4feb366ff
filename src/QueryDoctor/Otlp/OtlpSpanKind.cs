namespace QueryDoctor.Otlp;

/// <summary>A span's kind, with the numbers OTLP gives them (<c>Span.SpanKind</c>).</summary>
public enum OtlpSpanKind
{
    /// <summary>No kind given.</summary>
    Unspecified = 0,

    /// <summary>An operation inside the application.</summary>
    Internal = 1,

    /// <summary>The server side of a request: a local root (a unit of work).</summary>
    Server = 2,

    /// <summary>The client side of a call, e.g. a database command.</summary>
    Client = 3,

    /// <summary>The sending side of a message.</summary>
    Producer = 4,

    /// <summary>The receiving side of a message: a local root (a unit of work).</summary>
    Consumer = 5,
}

namespace QueryDoctor.Otlp;

/// <summary>A span's kind, with the numbers OTLP gives them (<c>Span.SpanKind</c>).</summary>
internal enum OtlpSpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

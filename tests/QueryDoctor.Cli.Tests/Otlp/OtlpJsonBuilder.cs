using System.Globalization;
using System.Text.Json;

namespace QueryDoctor.Cli.Tests.Otlp;

/// <summary>Writes OTLP/JSON ExportTraceServiceRequest lines the way exporters do (hex ids, int64 as strings, AnyValue objects).</summary>
internal static class OtlpJsonBuilder
{
    public static string Request(params object[] spans) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["resourceSpans"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["resource"] = new { attributes = new object[] { Attr("service.name", "shop") } },
                    ["scopeSpans"] = new object[] { new Dictionary<string, object> { ["scope"] = new { name = "test" }, ["spans"] = spans } },
                },
            },
        });

    public static Dictionary<string, object> Span(string traceId, string spanId, string? parent, int kind, string name, long startMs, long endMs, params object[] attributes)
    {
        var span = new Dictionary<string, object>
        {
            ["traceId"] = traceId,
            ["spanId"] = spanId,
            ["name"] = name,
            ["kind"] = kind,
            ["startTimeUnixNano"] = (1_700_000_000_000L + startMs).ToString(CultureInfo.InvariantCulture) + "000000",
            ["endTimeUnixNano"] = (1_700_000_000_000L + endMs).ToString(CultureInfo.InvariantCulture) + "000000",
            ["attributes"] = attributes,
            ["status"] = new { },
        };
        if (parent is not null)
        {
            span["parentSpanId"] = parent;
        }

        return span;
    }

    public static object Attr(string key, string value) => new { key, value = new { stringValue = value } };

    public static object Attr(string key, long value) => new { key, value = new { intValue = value.ToString(CultureInfo.InvariantCulture) } };

    public static string TraceId(int n) => n.ToString("x32", CultureInfo.InvariantCulture);

    public static string SpanId(int n) => n.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>A GET /authors/{id} request (stable conventions) whose handler runs <paramref name="queries"/> book lookups from one line.</summary>
    public static List<object> Request(int trace, int queries, string route = "/authors/{id}")
    {
        var root = SpanId(1);
        var spans = new List<object>
        {
            Span(TraceId(trace), root, null, 2, "GET " + route, 0, 50, Attr("http.request.method", "GET"), Attr("http.route", route), Attr("http.response.status_code", 200)),
            Span(TraceId(trace), SpanId(2), root, 3, "SELECT shop", 1, 2,
                Attr("db.system.name", "postgresql"), Attr("db.query.text", "SELECT id, name FROM authors WHERE id = $1"),
                Attr("code.function.name", "Shop.AuthorsController.Get"), Attr("code.file.path", "/src/Shop/AuthorsController.cs"), Attr("code.line.number", 20)),
        };
        for (var i = 0; i < queries; i++)
        {
            spans.Add(Span(TraceId(trace), SpanId(10 + i), root, 3, "SELECT shop", 3 + i, 4 + i,
                Attr("db.system.name", "postgresql"), Attr("db.query.text", "SELECT title FROM books WHERE author_id = $1"),
                Attr("db.response.returned_rows", 2),
                Attr("code.function.name", "Shop.AuthorsController.Get"), Attr("code.file.path", "/src/Shop/AuthorsController.cs"), Attr("code.line.number", 27)));
        }

        return spans;
    }
}

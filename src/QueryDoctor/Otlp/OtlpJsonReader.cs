using System.Globalization;
using System.Text.Json;

namespace QueryDoctor.Otlp;

/// <summary>
/// Reads OTLP/JSON <c>ExportTraceServiceRequest</c> messages (the OTLP/HTTP JSON body, one line of the Collector's
/// file exporter) as the OTLP specification encodes them: trace and span ids as hex strings, 64-bit integers as
/// decimal strings or numbers, enums as integers (names accepted too), attribute values as <c>AnyValue</c> objects.
/// Field names are lowerCamelCase; the proto names (snake_case) are accepted too. Unknown fields are ignored.
/// </summary>
public static class OtlpJsonReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>Whether a JSON object's top level has <c>resourceSpans</c>: the mark of an OTLP trace export.</summary>
    /// <param name="json">The start of a JSON text (a file's first bytes will do).</param>
    /// <param name="isFinalBlock">Whether <paramref name="json"/> is the whole text.</param>
    /// <returns><see langword="true"/> for an OTLP trace export; <see langword="false"/> for anything else, valid JSON or not.</returns>
    public static bool LooksLikeTraceExport(ReadOnlySpan<byte> json, bool isFinalBlock = true)
    {
        try
        {
            if (json.StartsWith("\uFEFF"u8))
            {
                json = json[3..];
            }

            var reader = new Utf8JsonReader(json, isFinalBlock, new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip }));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("resourceSpans"u8) || reader.ValueTextEquals("resource_spans"u8))
                {
                    return true;
                }

                if (!reader.TrySkip())
                {
                    return false;
                }
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>Reads one <c>ExportTraceServiceRequest</c> (or <c>TracesData</c>, the same shape).</summary>
    /// <param name="json">The UTF-8 JSON text.</param>
    /// <param name="spans">Receives the spans.</param>
    /// <exception cref="OtlpFormatException">The text is not such a message; the message names the field.</exception>
    public static void Read(ReadOnlyMemory<byte> json, List<TraceSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw new OtlpFormatException("not valid JSON" + (exception.BytePositionInLine is { } at ? $" (at byte {at + 1})" : ""), exception);
        }

        using (document)
        {
            Read(document.RootElement, spans);
        }
    }

    private static void Read(JsonElement root, List<TraceSpan> spans)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new OtlpFormatException("expected a JSON object (an ExportTraceServiceRequest)");
        }

        if (!TryGet(root, "resourceSpans", "resource_spans", out var resourceSpans))
        {
            throw new OtlpFormatException("no resourceSpans: not an OTLP trace export");
        }

        var attributes = new SpanAttributes();
        var r = 0;
        foreach (var resource in Array(resourceSpans, "resourceSpans"))
        {
            var at = $"resourceSpans[{r++}]";
            Object(resource, at);
            if (!TryGet(resource, "scopeSpans", "scope_spans", out var scopeSpans)
                && !TryGet(resource, "instrumentationLibrarySpans", "instrumentation_library_spans", out scopeSpans))
            {
                continue;
            }

            var s = 0;
            foreach (var scope in Array(scopeSpans, at + ".scopeSpans"))
            {
                var scopeAt = $"{at}.scopeSpans[{s++}]";
                Object(scope, scopeAt);
                if (!TryGet(scope, "spans", "spans", out var list))
                {
                    continue;
                }

                var i = 0;
                foreach (var span in Array(list, scopeAt + ".spans"))
                {
                    spans.Add(ReadSpan(span, $"{scopeAt}.spans[{i++}]", attributes));
                    attributes = new SpanAttributes();
                }
            }
        }
    }

    private static TraceSpan ReadSpan(JsonElement span, string at, SpanAttributes attributes)
    {
        Object(span, at);
        var traceId = Id(span, "traceId", "trace_id", 16, at, required: true)!;
        var spanId = Id(span, "spanId", "span_id", 8, at, required: true)!;
        var parent = Id(span, "parentSpanId", "parent_span_id", 8, at, required: false);
        var name = TryGet(span, "name", "name", out var n) ? String(n, at + ".name") : "";
        var kind = TryGet(span, "kind", "kind", out var k) ? Kind(k, at + ".kind") : OtlpSpanKind.Unspecified;
        var start = TryGet(span, "startTimeUnixNano", "start_time_unix_nano", out var st) ? UInt64(st, at + ".startTimeUnixNano") : 0;
        var end = TryGet(span, "endTimeUnixNano", "end_time_unix_nano", out var en) ? UInt64(en, at + ".endTimeUnixNano") : 0;
        var failed = false;
        if (TryGet(span, "status", "status", out var status))
        {
            Object(status, at + ".status");
            failed = TryGet(status, "code", "code", out var code) && StatusCode(code, at + ".status.code") == 2;
        }

        if (TryGet(span, "attributes", "attributes", out var list))
        {
            var i = 0;
            foreach (var attribute in Array(list, at + ".attributes"))
            {
                ReadAttribute(attribute, $"{at}.attributes[{i++}]", attributes);
            }
        }

        return TraceSpan.Create(traceId, spanId, parent, name, kind, start, end, failed, attributes);
    }

    private static void ReadAttribute(JsonElement attribute, string at, SpanAttributes attributes)
    {
        Object(attribute, at);
        if (!TryGet(attribute, "key", "key", out var keyElement))
        {
            throw new OtlpFormatException(at + ": no key");
        }

        var key = String(keyElement, at + ".key");
        if (!SpanAttributes.IsWanted(key) || !TryGet(attribute, "value", "value", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        at += ".value";
        Object(value, at);
        foreach (var property in value.EnumerateObject())
        {
            var valueAt = at + "." + property.Name;
            switch (property.Name)
            {
                case "stringValue" or "string_value":
                    attributes.SetString(key, String(property.Value, valueAt));
                    return;
                case "intValue" or "int_value":
                    attributes.SetInt(key, Int64(property.Value, valueAt));
                    return;
                case "doubleValue" or "double_value":
                    attributes.SetDouble(key, Double(property.Value, valueAt));
                    return;
                case "boolValue" or "bool_value":
                    if (property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        throw new OtlpFormatException(valueAt + ": expected true or false");
                    }

                    attributes.SetBool(key, property.Value.GetBoolean());
                    return;
                case "arrayValue" or "array_value" or "kvlistValue" or "kvlist_value" or "bytesValue" or "bytes_value":
                    attributes.SetOther(key, property.Value.GetRawText());
                    return;
                default:
                    continue;
            }
        }
    }

    private static bool TryGet(JsonElement element, string name, string protoName, out JsonElement value) =>
        element.TryGetProperty(name, out value) || (!ReferenceEquals(name, protoName) && element.TryGetProperty(protoName, out value));

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string at) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw new OtlpFormatException(at + ": expected an array");

    private static void Object(JsonElement element, string at)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new OtlpFormatException(at + ": expected an object");
        }
    }

    private static string String(JsonElement element, string at) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new OtlpFormatException(at + ": expected a string");

    private static string? Id(JsonElement span, string name, string protoName, int bytes, string at, bool required)
    {
        if (!TryGet(span, name, protoName, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new OtlpFormatException($"{at}: no {name}") : null;
        }

        var text = String(element, at + "." + name);
        if (text.Length == 0)
        {
            return required ? throw new OtlpFormatException($"{at}.{name}: empty") : null;
        }

        return OtlpIds.Hex(text, bytes) ?? throw new OtlpFormatException(
            $"{at}.{name}: '{Shorten(text)}' is not {bytes * 2} hex digits (OTLP/JSON ids are hex, not base64)");
    }

    private static OtlpSpanKind Kind(JsonElement element, string at)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() switch
            {
                "SPAN_KIND_UNSPECIFIED" => OtlpSpanKind.Unspecified,
                "SPAN_KIND_INTERNAL" => OtlpSpanKind.Internal,
                "SPAN_KIND_SERVER" => OtlpSpanKind.Server,
                "SPAN_KIND_CLIENT" => OtlpSpanKind.Client,
                "SPAN_KIND_PRODUCER" => OtlpSpanKind.Producer,
                "SPAN_KIND_CONSUMER" => OtlpSpanKind.Consumer,
                var other => throw new OtlpFormatException($"{at}: unknown span kind '{Shorten(other ?? "")}'"),
            };
        }

        // An unknown number is kept as unspecified: proto3 enums are open.
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number)
            ? number is >= 0 and <= 5 ? (OtlpSpanKind)number : OtlpSpanKind.Unspecified
            : throw new OtlpFormatException(at + ": expected a span kind (a number)");
    }

    private static int StatusCode(JsonElement element, string at)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() switch
            {
                "STATUS_CODE_UNSET" => 0,
                "STATUS_CODE_OK" => 1,
                "STATUS_CODE_ERROR" => 2,
                var other => throw new OtlpFormatException($"{at}: unknown status code '{Shorten(other ?? "")}'"),
            };
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number)
            ? number
            : throw new OtlpFormatException(at + ": expected a status code (a number)");
    }

    private static ulong UInt64(JsonElement element, string at)
    {
        if (element.ValueKind == JsonValueKind.String
            && ulong.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out var number)
            ? number
            : throw new OtlpFormatException(at + ": expected a non-negative integer (a decimal string or number)");
    }

    private static long Int64(JsonElement element, string at)
    {
        if (element.ValueKind == JsonValueKind.String
            && long.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number)
            ? number
            : throw new OtlpFormatException(at + ": expected an integer (a decimal string or number)");
    }

    private static double Double(JsonElement element, string at)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.GetDouble();
        }

        // Proto JSON writes non-finite doubles as strings.
        return element.ValueKind == JsonValueKind.String
            && double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new OtlpFormatException(at + ": expected a number");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..39] + "…";
}

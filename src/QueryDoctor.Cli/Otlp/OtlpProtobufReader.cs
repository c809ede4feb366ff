using System.Buffers.Binary;
using Google.Protobuf;
using QueryDoctor.Cli.Otlp.Proto;
using QueryDoctor.Otlp;

namespace QueryDoctor.Cli.Otlp;

/// <summary>
/// Reads OTLP protobuf <c>ExportTraceServiceRequest</c> messages (an OTLP/HTTP body, or a file) with Google.Protobuf
/// code generated from our own declaration of the fields we read; everything else on the wire is skipped.
/// </summary>
internal static class OtlpProtobufReader
{
    private static readonly MessageParser<ExportTraceServiceRequest> Parser = ExportTraceServiceRequest.Parser.WithDiscardUnknownFields(true);

    /// <summary>Decodes one message into its spans.</summary>
    /// <param name="message">The message bytes.</param>
    /// <param name="spans">Receives the spans.</param>
    /// <exception cref="OtlpFormatException">The bytes are not such a message (truncated, hostile, wrong ids).</exception>
    public static void Read(ReadOnlySpan<byte> message, List<TraceSpan> spans)
    {
        ExportTraceServiceRequest request;
        try
        {
            request = Parser.ParseFrom(message);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new OtlpFormatException("not a valid OTLP protobuf message: " + FirstLine(exception.Message), exception);
        }

        Convert(request, spans);
    }

    /// <summary>Decodes the message only (no mapping): the benchmark's floor.</summary>
    internal static ExportTraceServiceRequest Decode(ReadOnlySpan<byte> message) => Parser.ParseFrom(message);

    /// <summary>Maps a decoded message's spans.</summary>
    internal static void Convert(ExportTraceServiceRequest request, List<TraceSpan> spans)
    {
        for (var r = 0; r < request.ResourceSpans.Count; r++)
        {
            var scopes = request.ResourceSpans[r].ScopeSpans;
            for (var s = 0; s < scopes.Count; s++)
            {
                var list = scopes[s].Spans;
                for (var i = 0; i < list.Count; i++)
                {
                    spans.Add(Map(list[i], $"resourceSpans[{r}].scopeSpans[{s}].spans[{i}]"));
                }
            }
        }
    }

    /// <summary>
    /// Reads a protobuf trace file: one message, or the OpenTelemetry Collector file exporter's stream of messages
    /// each preceded by its length as a 4-byte big-endian unsigned integer. A file that starts with a message's first
    /// field (tag byte 0x0A) is one message; anything else is read as the length-prefixed stream.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="spans">Called with each message's spans (the list is reused).</param>
    /// <param name="skipInvalid">Skip messages that do not decode (counted) instead of stopping.</param>
    /// <returns>Messages skipped.</returns>
    /// <exception cref="OtlpFormatException">A message is invalid (and not skipped), or the framing is broken.</exception>
    public static long ReadFile(string path, Action<List<TraceSpan>> spans, bool skipInvalid)
    {
        var bytes = File.ReadAllBytes(path);
        var batch = new List<TraceSpan>();
        if (bytes.Length == 0 || bytes[0] == 0x0A)
        {
            try
            {
                Read(bytes, batch);
            }
            catch (OtlpFormatException exception) when (!skipInvalid)
            {
                throw new OtlpFormatException($"{path}: message 1: {exception.Message}", exception);
            }
            catch (OtlpFormatException)
            {
                return 1;
            }

            spans(batch);
            return 0;
        }

        long skipped = 0;
        var offset = 0;
        for (var index = 1; offset < bytes.Length; index++)
        {
            if (bytes.Length - offset < 4)
            {
                throw new OtlpFormatException($"{path}: message {index} (at byte {offset}): truncated length prefix " +
                    "(expected one message, or messages each preceded by a 4-byte big-endian length)");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset, 4));
            if (length > (uint)(bytes.Length - offset - 4))
            {
                throw new OtlpFormatException($"{path}: message {index} (at byte {offset}): length {length} runs past the end of the file " +
                    "(expected one message, or messages each preceded by a 4-byte big-endian length)");
            }

            batch.Clear();
            try
            {
                Read(bytes.AsSpan(offset + 4, (int)length), batch);
                spans(batch);
            }
            catch (OtlpFormatException exception) when (!skipInvalid)
            {
                throw new OtlpFormatException($"{path}: message {index} (at byte {offset}): {exception.Message}", exception);
            }
            catch (OtlpFormatException)
            {
                skipped++;
            }

            offset += 4 + (int)length;
        }

        return skipped;
    }

    private static TraceSpan Map(Span span, string at)
    {
        var traceId = OtlpIds.Hex(span.TraceId.Span, 16)
            ?? throw new OtlpFormatException($"{at}.traceId: {span.TraceId.Length} bytes, expected 16");
        var spanId = OtlpIds.Hex(span.SpanId.Span, 8)
            ?? throw new OtlpFormatException($"{at}.spanId: {span.SpanId.Length} bytes, expected 8");
        string? parent = null;
        if (!span.ParentSpanId.IsEmpty)
        {
            parent = OtlpIds.Hex(span.ParentSpanId.Span, 8)
                ?? throw new OtlpFormatException($"{at}.parentSpanId: {span.ParentSpanId.Length} bytes, expected 8 or none");
        }

        var attributes = new SpanAttributes();
        foreach (var attribute in span.Attributes)
        {
            if (attribute.Value is not { } value || !SpanAttributes.IsWanted(attribute.Key))
            {
                continue;
            }

            switch (value.ValueCase)
            {
                case AnyValue.ValueOneofCase.StringValue:
                    attributes.SetString(attribute.Key, value.StringValue);
                    break;
                case AnyValue.ValueOneofCase.IntValue:
                    attributes.SetInt(attribute.Key, value.IntValue);
                    break;
                case AnyValue.ValueOneofCase.DoubleValue:
                    attributes.SetDouble(attribute.Key, value.DoubleValue);
                    break;
                case AnyValue.ValueOneofCase.BoolValue:
                    attributes.SetBool(attribute.Key, value.BoolValue);
                    break;
                case AnyValue.ValueOneofCase.BytesValue:
                    attributes.SetOther(attribute.Key, System.Convert.ToHexStringLower(value.BytesValue.Span));
                    break;
                default:
                    break;
            }
        }

        var kind = (int)span.Kind is >= 0 and <= 5 ? (OtlpSpanKind)(int)span.Kind : OtlpSpanKind.Unspecified;
        return TraceSpan.Create(
            traceId,
            spanId,
            parent,
            span.Name,
            kind,
            span.StartTimeUnixNano,
            span.EndTimeUnixNano,
            span.Status?.Code == Status.Types.StatusCode.Error,
            attributes);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}

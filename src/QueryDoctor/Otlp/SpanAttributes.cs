using System.Globalization;

namespace QueryDoctor.Otlp;

/// <summary>
/// The attributes of one span that the mapping reads (both generations of the semantic conventions); every
/// other attribute is passed over without being kept. Decoders of either encoding call the <c>Set</c> methods.
/// </summary>
internal sealed class SpanAttributes
{
    internal const string ParameterPrefix = "db.query.parameter.";

    public string? HttpRequestMethod { get; private set; }

    public string? HttpMethod { get; private set; }

    public string? HttpRoute { get; private set; }

    public long? HttpResponseStatusCode { get; private set; }

    public long? HttpStatusCode { get; private set; }

    public string? DbSystemName { get; private set; }

    public string? DbSystem { get; private set; }

    public string? DbQueryText { get; private set; }

    public string? DbStatement { get; private set; }

    public long? ReturnedRows { get; private set; }

    public string? CodeFunctionName { get; private set; }

    public string? CodeNamespace { get; private set; }

    public string? CodeFunction { get; private set; }

    public string? CodeFilePath { get; private set; }

    public string? CodeFilepath { get; private set; }

    public long? CodeLineNumber { get; private set; }

    public long? CodeLineno { get; private set; }

    /// <summary>The <c>db.query.parameter.*</c> values, in arrival order; <see langword="null"/> when there were none.</summary>
    public List<QueryParameter>? Parameters { get; private set; }

    /// <summary>Whether the key is one the mapping reads (so a decoder may skip converting other values).</summary>
    public static bool IsWanted(string key) => key switch
    {
        "http.request.method" or "http.method" or "http.route" or "http.response.status_code" or "http.status_code"
            or "db.system.name" or "db.system" or "db.query.text" or "db.statement" or "db.response.returned_rows"
            or "code.function.name" or "code.namespace" or "code.function" or "code.file.path" or "code.filepath"
            or "code.line.number" or "code.lineno" => true,
        _ => key.StartsWith(ParameterPrefix, StringComparison.Ordinal),
    };

    public void SetString(string key, string value)
    {
        switch (key)
        {
            case "http.request.method": HttpRequestMethod = value; break;
            case "http.method": HttpMethod = value; break;
            case "http.route": HttpRoute = value; break;
            case "db.system.name": DbSystemName = value; break;
            case "db.system": DbSystem = value; break;
            case "db.query.text": DbQueryText = value; break;
            case "db.statement": DbStatement = value; break;
            case "code.function.name": CodeFunctionName = value; break;
            case "code.namespace": CodeNamespace = value; break;
            case "code.function": CodeFunction = value; break;
            case "code.file.path": CodeFilePath = value; break;
            case "code.filepath": CodeFilepath = value; break;
            case "http.response.status_code" or "http.status_code" or "db.response.returned_rows" or "code.line.number" or "code.lineno":
                // Some exporters send numbers as text; anything else is not a number and is left out.
                if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    SetInt(key, number);
                }

                break;
            default:
                AddParameter(key, value);
                break;
        }
    }

    public void SetInt(string key, long value)
    {
        switch (key)
        {
            case "http.response.status_code": HttpResponseStatusCode = value; break;
            case "http.status_code": HttpStatusCode = value; break;
            case "db.response.returned_rows": ReturnedRows = value; break;
            case "code.line.number": CodeLineNumber = value; break;
            case "code.lineno": CodeLineno = value; break;
            default:
                AddParameter(key, value);
                break;
        }
    }

    public void SetDouble(string key, double value)
    {
        if (value == Math.Floor(value) && value is >= long.MinValue and <= long.MaxValue && !key.StartsWith(ParameterPrefix, StringComparison.Ordinal))
        {
            SetInt(key, (long)value);
            return;
        }

        AddParameter(key, value);
    }

    public void SetBool(string key, bool value) => AddParameter(key, value);

    /// <summary>A value of another type (array, map, bytes): only a parameter can use it, as its text.</summary>
    public void SetOther(string key, string text) => AddParameter(key, text);

    private void AddParameter(string key, object value)
    {
        if (key.StartsWith(ParameterPrefix, StringComparison.Ordinal))
        {
            (Parameters ??= []).Add(new QueryParameter(key[ParameterPrefix.Length..], value));
        }
    }
}

using System.Globalization;

namespace QueryDoctor.Otlp;

/// <summary>
/// The attributes of one span that the mapping reads (both generations of the semantic conventions); every
/// other attribute is passed over without being kept. Decoders of either encoding call the <c>Set</c> methods,
/// then <see cref="TraceSpan.Create"/>.
/// </summary>
public sealed class SpanAttributes
{
    internal const string ParameterPrefix = "db.query.parameter.";

    internal string? HttpRequestMethod { get; private set; }

    internal string? HttpMethod { get; private set; }

    internal string? HttpRoute { get; private set; }

    internal long? HttpResponseStatusCode { get; private set; }

    internal long? HttpStatusCode { get; private set; }

    internal string? DbSystemName { get; private set; }

    internal string? DbSystem { get; private set; }

    internal string? DbQueryText { get; private set; }

    internal string? DbStatement { get; private set; }

    internal long? ReturnedRows { get; private set; }

    internal string? CodeFunctionName { get; private set; }

    internal string? CodeNamespace { get; private set; }

    internal string? CodeFunction { get; private set; }

    internal string? CodeFilePath { get; private set; }

    /// <summary>The older <c>code.filepath</c> (its name differs from <see cref="CodeFilePath"/> by more than case).</summary>
    internal string? LegacyCodeFilepath { get; private set; }

    internal long? CodeLineNumber { get; private set; }

    internal long? CodeLineno { get; private set; }

    /// <summary>The <c>db.query.parameter.*</c> values, in arrival order; <see langword="null"/> when there were none.</summary>
    internal List<QueryParameter>? Parameters { get; private set; }

    /// <summary>Whether the key is one the mapping reads (so a decoder may skip converting other values).</summary>
    /// <param name="key">The attribute's key.</param>
    /// <returns><see langword="true"/> when a <c>Set</c> method would keep it.</returns>
    public static bool IsWanted(string key) => key switch
    {
        "http.request.method" or "http.method" or "http.route" or "http.response.status_code" or "http.status_code"
            or "db.system.name" or "db.system" or "db.query.text" or "db.statement" or "db.response.returned_rows"
            or "code.function.name" or "code.namespace" or "code.function" or "code.file.path" or "code.filepath"
            or "code.line.number" or "code.lineno" => true,
        _ => key.StartsWith(ParameterPrefix, StringComparison.Ordinal),
    };

    /// <summary>Sets a string attribute (numbers sent as text are read as numbers).</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">Its value.</param>
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
            case "code.filepath": LegacyCodeFilepath = value; break;
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

    /// <summary>Sets an integer attribute.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">Its value.</param>
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

    /// <summary>Sets a floating-point attribute (a whole number is read as an integer).</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">Its value.</param>
    public void SetDouble(string key, double value)
    {
        if (value == Math.Floor(value) && value is >= long.MinValue and <= long.MaxValue && !key.StartsWith(ParameterPrefix, StringComparison.Ordinal))
        {
            SetInt(key, (long)value);
            return;
        }

        AddParameter(key, value);
    }

    /// <summary>Sets a boolean attribute (only a parameter can use one).</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="value">Its value.</param>
    public void SetBool(string key, bool value) => AddParameter(key, value);

    /// <summary>A value of another type (array, map, bytes): only a parameter can use it, as its text.</summary>
    /// <param name="key">The attribute's key.</param>
    /// <param name="text">The value as text.</param>
    public void SetOther(string key, string text) => AddParameter(key, text);

    private void AddParameter(string key, object value)
    {
        if (key.StartsWith(ParameterPrefix, StringComparison.Ordinal))
        {
            (Parameters ??= []).Add(new QueryParameter(key[ParameterPrefix.Length..], value));
        }
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QueryDoctor.Reporting;

/// <summary>
/// How the JSON documents of the reports are written (the JSON and SARIF reports, the baseline file, the comparison
/// tables): indented, with non-ASCII text as is, one line break after the document.
/// </summary>
internal static class ReportJson
{
    /// <summary>Indented; non-ASCII text and characters such as <c>&lt;</c> and <c>'</c> as is, not escaped (SQL reads better).</summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one JSON document to a stream, then a line break.</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="write">Writes the document.</param>
    public static void Write(Stream stream, Action<Utf8JsonWriter> write)
    {
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            write(json);
        }

        stream.WriteByte((byte)'\n');
    }

    /// <summary>What a stream writer writes, as text: the <c>To&lt;Format&gt;</c> of the JSON report writers.</summary>
    /// <param name="write">Writes UTF-8 to the stream it is given.</param>
    /// <returns>The text.</returns>
    public static string ToText(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

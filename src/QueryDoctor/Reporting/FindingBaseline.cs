using System.Text;
using System.Text.Json;

namespace QueryDoctor.Reporting;

/// <summary>
/// The findings a codebase already had when it adopted the gate: baselined findings are listed but do
/// not fail a build or a test; any finding not in the baseline does. Written by <c>querydoctor baseline</c>
/// (or <see cref="Save(string)"/>), read by <c>--baseline</c> and by the test assertions.
/// </summary>
/// <remarks>
/// A finding is matched on what stays put while code evolves: its rule, scope, statement fingerprint,
/// call site without its line number (editing code above a call moves its line), table and columns.
/// Messages, counts and durations change from run to run and are not part of the match. The file is
/// JSON, one entry per finding, sorted, so it diffs well in code review.
/// </remarks>
public sealed class FindingBaseline
{
    private const int FormatVersion = 1;

    private readonly HashSet<string> _keys;

    private FindingBaseline(IReadOnlyList<Entry> entries)
    {
        Entries = entries;
        _keys = new HashSet<string>(entries.Select(e => e.Key), StringComparer.Ordinal);
    }

    /// <summary>An empty baseline: every finding is new.</summary>
    public static FindingBaseline Empty { get; } = new([]);

    /// <summary>How many distinct findings the baseline holds.</summary>
    public int Count => Entries.Count;

    private IReadOnlyList<Entry> Entries { get; }

    /// <summary>Makes a baseline of the given findings (duplicates by match key are kept once).</summary>
    /// <param name="findings">The findings to accept as they are.</param>
    /// <returns>The baseline.</returns>
    public static FindingBaseline From(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var byKey = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            var entry = Entry.Of(finding);
            byKey.TryAdd(entry.Key, entry);
        }

        return new FindingBaseline([.. byKey.Values.OrderBy(e => e.Key, StringComparer.Ordinal)]);
    }

    /// <summary>Reads a baseline file.</summary>
    /// <param name="path">The file written by <see cref="Save(string)"/> or <c>querydoctor baseline</c>.</param>
    /// <returns>The baseline.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is not a QueryDoctor baseline.</exception>
    public static FindingBaseline Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a baseline from a stream.</summary>
    /// <param name="stream">UTF-8 JSON as written by <see cref="Write(Stream)"/>.</param>
    /// <param name="name">The source's name for error messages.</param>
    /// <returns>The baseline.</returns>
    /// <exception cref="InvalidDataException">The content is not a QueryDoctor baseline.</exception>
    public static FindingBaseline Read(Stream stream, string name = "baseline")
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{name}: not a QueryDoctor baseline (invalid JSON at line {exception.LineNumber + 1})", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("findings", out var findings)
                || findings.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{name}: not a QueryDoctor baseline (expected an object with a \"findings\" array)");
            }

            if (root.TryGetProperty("version", out var version)
                && (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number > FormatVersion))
            {
                throw new InvalidDataException($"{name}: baseline format version {version} is newer than this QueryDoctor understands ({FormatVersion})");
            }

            var entries = new List<Entry>();
            var index = 0;
            foreach (var item in findings.EnumerateArray())
            {
                index++;
                if (item.ValueKind != JsonValueKind.Object || Text(item, "rule") is not { Length: > 0 } rule)
                {
                    throw new InvalidDataException($"{name}: baseline entry {index} has no \"rule\"");
                }

                string[]? columns = null;
                if (item.TryGetProperty("columns", out var columnArray) && columnArray.ValueKind == JsonValueKind.Array)
                {
                    columns = [.. columnArray.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString() ?? "" : c.ToString())];
                }

                entries.Add(new Entry(rule, Text(item, "scope"), Text(item, "fingerprint"), Text(item, "callSite"), Text(item, "table"), columns, Text(item, "message")));
            }

            var byKey = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                byKey.TryAdd(entry.Key, entry);
            }

            return new FindingBaseline([.. byKey.Values.OrderBy(e => e.Key, StringComparer.Ordinal)]);
        }
    }

    /// <summary>Whether a finding is in the baseline.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns><see langword="true"/> when a baselined finding has the same rule, scope, fingerprint, call site (any line), table and columns.</returns>
    public bool Contains(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return _keys.Contains(Entry.Of(finding).Key);
    }

    /// <summary>Splits findings into those the baseline does not hold (they fail) and those it does (listed only).</summary>
    /// <param name="findings">The findings of a run.</param>
    /// <returns>The new findings and the baselined ones, each in their original order.</returns>
    public (IReadOnlyList<Finding> New, IReadOnlyList<Finding> Baselined) Partition(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var fresh = new List<Finding>();
        var known = new List<Finding>();
        foreach (var finding in findings)
        {
            (Contains(finding) ? known : fresh).Add(finding);
        }

        return (fresh, known);
    }

    /// <summary>Writes the baseline to a file (created or replaced).</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.Create(path);
        Write(stream);
    }

    /// <summary>Writes the baseline as UTF-8 JSON.</summary>
    /// <param name="stream">Where to write.</param>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ReportJson.Write(stream, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            ToolInfo.Write(writer);
            writer.WriteStartArray("findings");
            foreach (var entry in Entries)
            {
                entry.Write(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>A call site's text without its line number: <c>Load (src/Calendar.cs:42)</c> becomes <c>Load (src/Calendar.cs)</c>.</summary>
    /// <param name="callSite">The call site text.</param>
    /// <returns>The text with a trailing <c>:42</c> or <c>:line 42</c> removed from the location.</returns>
    internal static string? WithoutLine(string? callSite)
    {
        if (string.IsNullOrWhiteSpace(callSite))
        {
            return null;
        }

        var text = callSite.Trim();
        if (!CallSiteLocation.TrySplitLine(text, out var head, out _))
        {
            return text;
        }

        return text.EndsWith(')') ? string.Concat(head, ")") : head.ToString();
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record Entry(string Rule, string? Scope, string? Fingerprint, string? CallSite, string? Table, IReadOnlyList<string>? Columns, string? Message)
    {
        public string Key { get; } = MakeKey(Rule, Scope, Fingerprint, CallSite, Table, Columns);

        public static Entry Of(Finding finding) =>
            new(finding.Rule, finding.Scope, finding.Fingerprint, WithoutLine(finding.CallSite), finding.Table, finding.Columns, finding.Message);

        public void Write(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("rule", Rule);
            WriteOptional(writer, "scope", Scope);
            WriteOptional(writer, "fingerprint", Fingerprint);
            WriteOptional(writer, "callSite", CallSite);
            WriteOptional(writer, "table", Table);
            if (Columns is { Count: > 0 })
            {
                writer.WriteStartArray("columns");
                foreach (var column in Columns)
                {
                    writer.WriteStringValue(column);
                }

                writer.WriteEndArray();
            }

            WriteOptional(writer, "message", Message);
            writer.WriteEndObject();
        }

        private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
        {
            if (value is not null)
            {
                writer.WriteString(name, value);
            }
        }

        private static string MakeKey(string rule, string? scope, string? fingerprint, string? callSite, string? table, IReadOnlyList<string>? columns)
        {
            // Unit separators keep "a|b" + "c" apart from "a" + "b|c".
            var key = new StringBuilder(rule);
            key.Append('\u001f').Append(scope).Append('\u001f').Append(fingerprint)
                .Append('\u001f').Append(WithoutLine(callSite)).Append('\u001f').Append(table?.ToUpperInvariant()).Append('\u001f');
            if (columns is not null)
            {
                key.AppendJoin('\u001e', columns.Select(c => c.ToUpperInvariant()));
            }

            return key.ToString();
        }
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QueryDoctor.EventLog;

/// <summary>
/// Appends events and scope lines to a JSON Lines file in the event-log format (CONTRACTS.md §1).
/// Thread-safe; flushed when a scope ends and on dispose. Parameter values only when the capture keeps them.
/// Captures that write to the same file share one writer (<see cref="Open"/>): separate streams appending to
/// one file would overwrite each other's lines.
/// </summary>
internal sealed class EventLogWriter : IDisposable
{
    private static readonly Dictionary<string, EventLogWriter> OpenWriters = new(StringComparer.Ordinal);
    private static readonly Lock OpenLock = new();
    private static bool _exitHooked;

    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly Lock _lock = new();
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _writer;
    private int _users;
    private bool _closed;

    private EventLogWriter(string path)
    {
        Path = path;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 64 * 1024);
        _writer = new Utf8JsonWriter(_stream, Options);
    }

    public string Path { get; }

    /// <summary>The writer for <paramref name="path"/>, shared with every other capture writing there; release it with <see cref="Dispose"/>.</summary>
    public static EventLogWriter Open(string path)
    {
        var key = System.IO.Path.GetFullPath(path);
        lock (OpenLock)
        {
            if (!OpenWriters.TryGetValue(key, out var writer))
            {
                if (OpenWriters.Count == 0 && !_exitHooked)
                {
                    // Captures nobody disposes (one per UseQueryDoctor lambda) still get every line to disk; the
                    // hook holds no capture, so those captures can be collected.
                    _exitHooked = true;
                    AppDomain.CurrentDomain.ProcessExit += static (_, _) => FlushAll();
                }

                writer = new EventLogWriter(path);
                OpenWriters.Add(key, writer);
            }

            writer._users++;
            return writer;
        }
    }

    public void WriteQuery(string scope, string? scopeId, QueryEvent queryEvent)
    {
        lock (_lock)
        {
            var w = _writer;
            w.WriteStartObject();
            w.WriteString("scope", scope);
            if (scopeId is not null)
            {
                w.WriteString("scopeId", scopeId);
            }

            w.WriteString("sql", queryEvent.Sql);
            if (queryEvent.Parameters is { } parameters)
            {
                WriteParameters(w, parameters);
            }

            if (queryEvent.Duration is { } duration)
            {
                w.WriteNumber("durationMs", Math.Round(duration.TotalMilliseconds, 3));
            }

            if (queryEvent.Rows is { } rows)
            {
                w.WriteNumber("rows", rows);
            }

            if (!queryEvent.CallSite.IsUnknown)
            {
                w.WriteString("callSite", queryEvent.CallSite.Text);
            }

            if (queryEvent.StartedAt is { } startedAt)
            {
                w.WriteString("startedAt", startedAt.ToString("O", CultureInfo.InvariantCulture));
            }

            if (queryEvent.Db is { } db)
            {
                w.WriteString("db", db);
            }

            if (queryEvent.Batch is { } batch)
            {
                w.WriteString("batch", batch);
            }

            if (queryEvent.Failed)
            {
                w.WriteBoolean("failed", true);
            }

            w.WriteEndObject();
            EndLine();
        }
    }

    public void WriteScope(string scope, string? scopeId, TimeSpan? duration, int? status)
    {
        lock (_lock)
        {
            _writer.WriteStartObject();
            _writer.WriteString("type", "scope");
            _writer.WriteString("scope", scope);
            if (scopeId is not null)
            {
                _writer.WriteString("scopeId", scopeId);
            }

            if (duration is { } d)
            {
                _writer.WriteNumber("durationMs", Math.Round(d.TotalMilliseconds, 3));
            }

            if (status is { } code)
            {
                _writer.WriteNumber("status", code);
            }

            _writer.WriteEndObject();
            EndLine();
            _stream.Flush();
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            _stream.Flush();
        }
    }

    private static void FlushAll()
    {
        lock (OpenLock)
        {
            foreach (var writer in OpenWriters.Values)
            {
                try
                {
                    writer.Flush();
                }
#pragma warning disable CA1031 // The process is ending: nothing may be thrown from here.
                catch
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    /// <summary>Releases this user's share; the file is closed when the last capture writing to it lets go.</summary>
    public void Dispose()
    {
        lock (OpenLock)
        {
            if (--_users > 0)
            {
                Flush();
                return;
            }

            OpenWriters.Remove(System.IO.Path.GetFullPath(Path));
        }

        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _writer.Dispose();
            _stream.Dispose();
        }
    }

    private static void WriteParameters(Utf8JsonWriter w, IReadOnlyList<QueryParameter> parameters)
    {
        var named = parameters.Count > 0 && parameters.All(p => !string.IsNullOrEmpty(p.Name));
        if (named)
        {
            w.WriteStartObject("parameters");
            foreach (var parameter in parameters)
            {
                w.WritePropertyName(parameter.Name!);
                WriteValue(w, parameter.Value);
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteStartArray("parameters");
            foreach (var parameter in parameters)
            {
                WriteValue(w, parameter.Value);
            }

            w.WriteEndArray();
        }
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null or DBNull: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case short sh: w.WriteNumberValue(sh); break;
            case byte by: w.WriteNumberValue(by); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case decimal m: w.WriteNumberValue(m); break;
            case DateTime dt: w.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset dto: w.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture)); break;
            case IFormattable formattable: w.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            case System.Collections.IEnumerable list and not byte[]:
                // An array parameter (PostgreSQL's "= ANY (@ids)"): a JSON array, not the CLR type's name.
                w.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(w, item);
                }

                w.WriteEndArray();
                break;
            default: w.WriteStringValue(value.ToString()); break;
        }
    }

    private void EndLine()
    {
        _writer.Flush();
        _stream.WriteByte((byte)'\n');
        _writer.Reset();
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.EventLog;

/// <summary>
/// Reads JSON Lines event logs (one query or scope object per line) into a <see cref="WorkloadRecorder"/>,
/// streaming: memory grows with the distinct scopes, shapes and values, not with the file's size. The SQL
/// text, scope name and call site of a line are looked up by span, so a line whose statement was seen
/// before allocates nothing for it.
/// </summary>
public sealed class EventLogReader
{
    private const int InitialBufferSize = 1 << 20;
    private const int ProgressEveryBytes = 4 << 20;

    // TimeSpan's range in milliseconds is about 9.2e14 (29,000 years): anything beyond 10,000 years is not a duration.
    private const double MaxDurationMs = 10_000d * 365.25 * 24 * 3600 * 1000;
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Statements, scopes and call sites by the raw (still JSON-escaped) UTF-8 bytes of their value: a
    // repeated value is found without unescaping, transcoding or hashing it as UTF-16. Equal raw bytes
    // always mean equal text; equal text escaped differently just takes the slower path.
    private const int MaxCachedStatements = 20_000;
    private readonly Utf8Table<SqlStatement> _statements = new();
    private readonly Utf8Table<WorkloadRecorder.ScopeName> _scopes = new();
    private readonly Utf8Table<CallSite> _callSites = new();

    private static readonly (string Name, Property Property)[] PropertyNames =
    [
        ("sql", Property.Sql), ("scope", Property.Scope), ("parameters", Property.Parameters),
        ("durationMs", Property.DurationMs), ("rows", Property.Rows), ("callSite", Property.CallSite),
        ("batch", Property.Batch), ("startedAt", Property.StartedAt), ("type", Property.Type),
        ("status", Property.Status), ("failed", Property.Failed), ("error", Property.Error),
        ("scopeId", Property.ScopeId), ("valuesHash", Property.ValuesHash),
    ];

    private readonly WorkloadRecorder _recorder;
    private readonly EventLogReaderOptions _options;
    private readonly List<string> _skipped = [];
    private char[] _sql = new char[4096];
    private char[] _scope = new char[256];
    private char[] _callSite = new char[256];
    private char[] _batch = new char[64];
    private char[] _scopeId = new char[64];
    private bool _hadComments;

    /// <summary>Creates a reader that feeds <paramref name="recorder"/>.</summary>
    /// <param name="recorder">Where the events go.</param>
    /// <param name="options">Reading options; defaults when <see langword="null"/>.</param>
    public EventLogReader(WorkloadRecorder recorder, EventLogReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        _recorder = recorder;
        _options = options ?? new EventLogReaderOptions();
    }

    /// <summary>The recorder the events go to.</summary>
    public WorkloadRecorder Recorder => _recorder;

    /// <summary>Lines skipped as invalid (only with <see cref="EventLogReaderOptions.SkipInvalid"/>).</summary>
    public long SkippedLines { get; private set; }

    /// <summary>The first few skipped lines, as <c>file:line: reason</c>.</summary>
    public IReadOnlyList<string> SkippedExamples => _skipped;

    /// <summary>Reads one file.</summary>
    /// <param name="path">The event log.</param>
    /// <exception cref="EventLogFormatException">A line is invalid and invalid lines are not skipped.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public void ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        Read(stream, path);
    }

    /// <summary>Reads an event log from a stream.</summary>
    /// <param name="stream">The UTF-8 JSON Lines content.</param>
    /// <param name="name">The name used in error messages (usually the file's path).</param>
    /// <exception cref="EventLogFormatException">A line is invalid and invalid lines are not skipped.</exception>
    public void Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, Math.Max(_options.MaxLineBytes, 4096)));
        try
        {
            var filled = 0;
            long lineNumber = 0;
            long consumedTotal = 0;
            long nextProgress = ProgressEveryBytes;
            var first = true;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= _options.MaxLineBytes)
                    {
                        // One line longer than the limit: an invalid line; skipped, its rest is read past.
                        Invalid(name, ++lineNumber, string.Create(CultureInfo.InvariantCulture, $"line longer than {_options.MaxLineBytes:N0} bytes (the limit)"));
                        consumedTotal += filled;
                        filled = 0;
                        if (!SkipToNextLine(stream, buffer, ref filled, ref consumedTotal))
                        {
                            _options.Progress?.Invoke(consumedTotal);
                            return;
                        }

                        continue;
                    }

                    // One line longer than the buffer: grow it.
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Math.Max(_options.MaxLineBytes, InitialBufferSize)));
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = stream.Read(buffer, filled, buffer.Length - filled);
                var atEnd = read == 0;
                filled += read;
                var data = buffer.AsSpan(0, filled);
                if (first && data.Length >= 3)
                {
                    first = false;
                    if (data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
                    {
                        data[..3].Fill((byte)' ');
                    }
                }

                var start = 0;
                while (true)
                {
                    var rest = data[start..];
                    var newline = rest.IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        if (atEnd && rest.Length > 0)
                        {
                            ReadLine(rest, name, ++lineNumber);
                            start = data.Length;
                        }

                        break;
                    }

                    ReadLine(rest[..newline], name, ++lineNumber);
                    start += newline + 1;
                }

                consumedTotal += start;
                if (_options.Progress is { } progress && consumedTotal >= nextProgress)
                {
                    progress(consumedTotal);
                    nextProgress = consumedTotal + ProgressEveryBytes;
                }

                if (atEnd)
                {
                    _options.Progress?.Invoke(consumedTotal);
                    return;
                }

                data[start..].CopyTo(buffer);
                filled -= start;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReadLine(ReadOnlySpan<byte> line, string name, long lineNumber)
    {
        line = line.TrimEnd((byte)'\r');
        if (line.Trim(" \t"u8).IsEmpty)
        {
            return;
        }

        if (line.Length > _options.MaxLineBytes)
        {
            Invalid(name, lineNumber, string.Create(CultureInfo.InvariantCulture, $"line longer than {_options.MaxLineBytes:N0} bytes (the limit)"));
            return;
        }

        string? error;
        try
        {
            error = ParseLine(line);
        }
        catch (JsonException exception)
        {
            error = "not valid JSON" + (exception.BytePositionInLine is { } at ? $" (at byte {at + 1})" : "");
        }
        catch (DecoderFallbackException)
        {
            error = "not valid UTF-8";
        }

        if (error is not null)
        {
            Invalid(name, lineNumber, error);
        }
    }

    /// <summary>
    /// Parses a line with comments skipped. Until a line of the input has had a comment, a line is first read with
    /// comments disallowed (the reader's faster path): a line that reads through that way has no comment, so
    /// skipping them reads the same tokens, and a line that fails is read again with comments skipped when it has a
    /// comment's start ('/' followed by '/' or '*'). Nothing is recorded before a line has been read to its end, so
    /// reading a line twice records it once. After the first line with a comment, lines are searched for a comment's
    /// start first, so a log with comments on every line throws no exception per line.
    /// </summary>
    private string? ParseLine(ReadOnlySpan<byte> line)
    {
        if (_hadComments)
        {
            return Parse(line, HasCommentStart(line) ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow);
        }

        try
        {
            return Parse(line, JsonCommentHandling.Disallow);
        }
        catch (JsonException) when (HasCommentStart(line))
        {
            _hadComments = true;
            return Parse(line, JsonCommentHandling.Skip);
        }
    }

    private static bool HasCommentStart(ReadOnlySpan<byte> line) => line.IndexOf("//"u8) >= 0 || line.IndexOf("/*"u8) >= 0;

    /// <summary>Reads past the rest of an over-long line: keeps what follows its newline in the buffer. False at the end of the stream.</summary>
    private static bool SkipToNextLine(Stream stream, byte[] buffer, ref int filled, ref long consumedTotal)
    {
        while (true)
        {
            var read = stream.Read(buffer, 0, buffer.Length);
            if (read == 0)
            {
                return false;
            }

            var newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                consumedTotal += newline + 1;
                buffer.AsSpan(newline + 1, read - newline - 1).CopyTo(buffer);
                filled = read - newline - 1;
                return true;
            }

            consumedTotal += read;
        }
    }

    private void Invalid(string name, long lineNumber, string error)
    {
        if (!_options.SkipInvalid)
        {
            throw new EventLogFormatException(name, lineNumber, error);
        }

        SkippedLines++;
        if (_skipped.Count < 10)
        {
            _skipped.Add($"{name}:{lineNumber}: {error}");
        }
    }

    /// <summary>Parses one line and records it. Returns an error text for an invalid line.</summary>
    private string? Parse(ReadOnlySpan<byte> line, JsonCommentHandling comments)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = comments });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "expected a JSON object";
        }

        var isScopeLine = false;
        SqlStatement? statement = null;
        ReadOnlySpan<byte> sqlKey = default;
        WorkloadRecorder.ScopeName? scopeName = null;
        ReadOnlySpan<byte> scopeKey = default;
        CallSite? callSite = null;
        ReadOnlySpan<byte> callSiteKey = default;
        var sqlLength = -1;
        var scopeLength = -1;
        var callSiteLength = -1;
        var batchLength = -1;
        var scopeIdLength = -1;
        ulong? parameterHash = null;
        ulong? valuesHash = null;
        double? durationMs = null;
        long? rows = null;
        int? status = null;
        DateTimeOffset? startedAt = null;
        var failed = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = PropertyOf(ref reader);
            if (property == Property.Sql)
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return reader.TokenType == JsonTokenType.Null ? "\"sql\" is null" : "\"sql\" must be a string";
                }

                if (reader.HasValueSequence || !_statements.TryGetValue(reader.ValueSpan, out statement))
                {
                    statement = null;
                    sqlKey = reader.HasValueSequence ? default : reader.ValueSpan;
                    sqlLength = CopyString(ref reader, ref _sql);
                }
                else
                {
                    sqlLength = 0;
                    sqlKey = default;
                }
            }
            else if (property == Property.Scope)
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return reader.TokenType == JsonTokenType.Null ? "\"scope\" is null" : "\"scope\" must be a string";
                }

                if (reader.HasValueSequence || !_scopes.TryGetValue(reader.ValueSpan, out scopeName))
                {
                    scopeName = null;
                    scopeKey = reader.HasValueSequence ? default : reader.ValueSpan;
                    scopeLength = CopyString(ref reader, ref _scope);
                }
                else
                {
                    scopeLength = 0;
                    scopeKey = default;
                }
            }
            else if (property == Property.Parameters)
            {
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        parameterHash = HashValues(ref reader);
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        return "\"parameters\" must be an object or an array";
                }
            }
            else if (property == Property.DurationMs)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var milliseconds) || !double.IsFinite(milliseconds) || milliseconds < 0)
                {
                    return "\"durationMs\" must be a finite number of milliseconds, 0 or more";
                }

                if (milliseconds > MaxDurationMs)
                {
                    return "\"durationMs\" is out of range (more than 10,000 years)";
                }

                durationMs = milliseconds;
            }
            else if (property == Property.Rows)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var whole) || whole < 0)
                {
                    return "\"rows\" must be a whole number, 0 or more";
                }

                rows = whole;
            }
            else if (property == Property.CallSite)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (reader.HasValueSequence || !_callSites.TryGetValue(reader.ValueSpan, out callSite))
                    {
                        callSite = null;
                        callSiteKey = reader.HasValueSequence ? default : reader.ValueSpan;
                        callSiteLength = CopyString(ref reader, ref _callSite);
                    }
                    else
                    {
                        callSiteLength = 0;
                        callSiteKey = default;
                    }
                }
                else if (reader.TokenType == JsonTokenType.Number)
                {
                    callSite = null;
                    callSiteKey = default;
                    var raw = reader.ValueSpan;
                    EnsureCapacity(ref _callSite, raw.Length);
                    callSiteLength = Encoding.ASCII.GetChars(raw, _callSite.AsSpan());
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return "\"callSite\" must be a string or a number";
                }
            }
            else if (property == Property.ValuesHash)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
                    && reader.ValueSpan.Length == 16
                    && ulong.TryParse(reader.ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash))
                {
                    valuesHash = hash;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return "\"valuesHash\" must be a string of 16 hex digits";
                }
            }
            else if (property == Property.ScopeId)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    scopeIdLength = CopyString(ref reader, ref _scopeId);
                }
                else if (reader.TokenType == JsonTokenType.Number)
                {
                    var raw = reader.ValueSpan;
                    EnsureCapacity(ref _scopeId, raw.Length);
                    scopeIdLength = Encoding.ASCII.GetChars(raw, _scopeId.AsSpan());
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return "\"scopeId\" must be a string or a number";
                }
            }
            else if (property == Property.Batch)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    batchLength = CopyString(ref reader, ref _batch);
                }
                else if (reader.TokenType == JsonTokenType.Number)
                {
                    var raw = reader.ValueSpan;
                    EnsureCapacity(ref _batch, raw.Length);
                    batchLength = Encoding.ASCII.GetChars(raw, _batch.AsSpan());
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return "\"batch\" must be a string or a number";
                }
            }
            else if (property == Property.StartedAt)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && (TryParseRoundTrip(ref reader, out var at) || reader.TryGetDateTimeOffset(out at)))
                {
                    startedAt = at;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return "\"startedAt\" must be an ISO-8601 timestamp";
                }
            }
            else if (property == Property.Type)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (reader.ValueTextEquals("scope"u8))
                    {
                        isScopeLine = true;
                    }
                    else if (!reader.ValueTextEquals("query"u8))
                    {
                        // A line type from a newer writer: nothing of it is ours to judge.
                        ConsumeRest(ref reader);
                        return null;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (property == Property.Status)
            {
                reader.Read();
                status = Number(ref reader) is { } s && s is >= int.MinValue and <= int.MaxValue ? (int)s : null;
            }
            else if (property is Property.Failed or Property.Error)
            {
                reader.Read();
                failed |= reader.TokenType is JsonTokenType.True or JsonTokenType.String;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return "expected a JSON object";
        }

        ConsumeRest(ref reader);

        if (scopeLength < 0)
        {
            return isScopeLine ? "scope line without \"scope\"" : "query line without \"scope\"";
        }

        var name = scopeName ?? Remember(_scopes, scopeKey, _recorder.Name(_scope.AsSpan(0, scopeLength)));
        var id = scopeIdLength < 0 ? default : _scopeId.AsSpan(0, scopeIdLength);
        if (isScopeLine)
        {
            var outcome = durationMs is { } d ? TimeSpan.FromMilliseconds(d) : (TimeSpan?)null;
            if (scopeIdLength < 0)
            {
                _recorder.Instance(name, default, hasId: false)!.Builder.SetOutcome(outcome, status);
            }
            else
            {
                _recorder.End(name, id, outcome, status);
            }

            return null;
        }

        if (sqlLength < 0)
        {
            return "query line without \"sql\"";
        }

        var instance = _recorder.Instance(name, id, hasId: scopeIdLength >= 0);
        if (instance is null)
        {
            _recorder.CountLate();
            return null;
        }

        var scope = instance.Builder;

        if (statement is null)
        {
            // First sight of this text (or the cache is full): fingerprint it and keep it as its shape's sample.
            statement = _recorder.Fingerprinter.Analyze(_sql.AsSpan(0, sqlLength));
            _recorder.Sample(statement.Fingerprint, _sql.AsSpan(0, sqlLength));
            if (_statements.Count < MaxCachedStatements)
            {
                Remember(_statements, sqlKey, statement);
            }
        }

        callSite ??= callSiteLength < 0
            ? CallSite.Unknown
            : Remember(_callSites, callSiteKey, _recorder.CallSite(_callSite.AsSpan(0, callSiteLength)));
        scope.Add(
            statement,
            callSite,
            // A private capture's keyed hash already covers parameters and inlined literals; values, when given, win.
            parameterHash is null && valuesHash is not null ? valuesHash : QueryScopeBuilder.ValuesKey(statement, parameterHash),
            durationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            rows,
            startedAt,
            batchLength < 0 ? null : _recorder.Batch(_batch.AsSpan(0, batchLength)),
            failed,
            raw: null);
        _recorder.Counted();
        return null;
    }

    /// <summary>
    /// Which field a property name is: one length switch and one comparison for the usual unescaped
    /// names, the reader's own (escape-aware) comparison otherwise.
    /// </summary>
    private static Property PropertyOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            foreach (var (name, property) in PropertyNames)
            {
                if (reader.ValueTextEquals(name))
                {
                    return property;
                }
            }

            return Property.Other;
        }

        var text = reader.ValueSpan;
        return text.Length switch
        {
            3 when text.SequenceEqual("sql"u8) => Property.Sql,
            4 when text.SequenceEqual("rows"u8) => Property.Rows,
            4 when text.SequenceEqual("type"u8) => Property.Type,
            5 when text.SequenceEqual("scope"u8) => Property.Scope,
            5 when text.SequenceEqual("batch"u8) => Property.Batch,
            5 when text.SequenceEqual("error"u8) => Property.Error,
            6 when text.SequenceEqual("status"u8) => Property.Status,
            6 when text.SequenceEqual("failed"u8) => Property.Failed,
            7 when text.SequenceEqual("scopeId"u8) => Property.ScopeId,
            8 when text.SequenceEqual("callSite"u8) => Property.CallSite,
            9 when text.SequenceEqual("startedAt"u8) => Property.StartedAt,
            10 when text.SequenceEqual("parameters"u8) => Property.Parameters,
            10 when text.SequenceEqual("durationMs"u8) => Property.DurationMs,
            10 when text.SequenceEqual("valuesHash"u8) => Property.ValuesHash,
            _ => Property.Other,
        };
    }

    private static T Remember<T>(Utf8Table<T> table, ReadOnlySpan<byte> key, T value)
        where T : class
    {
        if (!key.IsEmpty)
        {
            table.Add(key, value);
        }

        return value;
    }

    /// <summary>Reads past the end of the object: anything but whitespace after it makes the line invalid.</summary>
    private static void ConsumeRest(ref Utf8JsonReader reader)
    {
        while (reader.CurrentDepth > 0 || reader.TokenType != JsonTokenType.EndObject)
        {
            if (!reader.Read())
            {
                return;
            }
        }

        if (reader.Read())
        {
            throw new JsonException("trailing content", null, 0, reader.BytesConsumed);
        }
    }

    private static double? Number(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.GetDouble();
            case JsonTokenType.String:
                var text = reader.GetString();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>
    /// The usual <c>startedAt</c>, the round-trip format (<c>2026-12-03T12:00:00.0002000+00:00</c>, or with <c>Z</c>;
    /// one to seven fraction digits), read without the general ISO-8601 parser. Anything else, or a value out of the
    /// ranges below, is left to <see cref="Utf8JsonReader.TryGetDateTimeOffset(out DateTimeOffset)"/>, which gives the
    /// same value for every text accepted here.
    /// </summary>
    internal static bool TryParseRoundTrip(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        return !reader.HasValueSequence && !reader.ValueIsEscaped && TryParseRoundTrip(reader.ValueSpan, out value);
    }

    /// <inheritdoc cref="TryParseRoundTrip(ref Utf8JsonReader, out DateTimeOffset)"/>
    internal static bool TryParseRoundTrip(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;

        // yyyy-MM-ddTHH:mm:ss, then .f to .fffffff, then Z or +HH:mm / -HH:mm.
        if (text.Length < 21 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
        {
            return false;
        }

        var at = 20;
        long fraction = 0;
        var digits = 0;
        while (at < text.Length && (uint)(text[at] - '0') <= 9)
        {
            if (++digits > 7)
            {
                return false;
            }

            fraction = fraction * 10 + (text[at++] - '0');
        }

        if (digits == 0)
        {
            return false;
        }

        for (var i = digits; i < 7; i++)
        {
            fraction *= 10;
        }

        TimeSpan offset;
        if (text.Length == at + 1 && text[at] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (text.Length == at + 6 && text[at] is (byte)'+' or (byte)'-' && text[at + 3] == ':'
            && Digits(text, at + 1, 2, out var offsetHours) && Digits(text, at + 4, 2, out var offsetMinutes)
            && offsetHours <= 13 && offsetMinutes <= 59)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (text[at] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        // Years 2-9998 keep the UTC time in DateTimeOffset's range whatever the offset.
        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fraction;
        value = new DateTimeOffset(ticks, offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = value * 10 + (int)digit;
        }

        return true;
    }

    /// <summary>
    /// Hashes parameter values in order, names ignored (two statements of one shape may name their
    /// parameters differently). Nested arrays (PostgreSQL array parameters) hash with their structure.
    /// </summary>
    private static ulong HashValues(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        var hash = Fnv64.OffsetBasis;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray when reader.CurrentDepth == depth:
                    return hash;
                default:
                    hash = Fnv64.Append(Fnv64.Append(hash, (byte)reader.TokenType), reader.ValueSpan);
                    break;
            }
        }

        return hash;
    }

    private static int CopyString(ref Utf8JsonReader reader, ref char[] buffer)
    {
        var raw = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        EnsureCapacity(ref buffer, raw);
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Utf8.GetChars(reader.ValueSpan, buffer.AsSpan());
        }

        return reader.CopyString(buffer);
    }

    private static void EnsureCapacity(ref char[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new char[Math.Max(length, buffer.Length * 2)];
        }
    }

    private enum Property
    {
        Other,
        Sql,
        Scope,
        Parameters,
        DurationMs,
        Rows,
        CallSite,
        Batch,
        StartedAt,
        Type,
        Status,
        Failed,
        Error,
        ScopeId,
        ValuesHash,
    }
}

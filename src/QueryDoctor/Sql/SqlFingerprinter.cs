using System.Buffers;
using System.Collections.Concurrent;

namespace QueryDoctor.Sql;

/// <summary>
/// Fingerprints statements and caches the result per distinct text. Thread-safe. A cached lookup
/// allocates nothing; both caches are bounded by entries and, together, by an estimate of the bytes they
/// hold (<see cref="DefaultMaxBytes"/> unless told otherwise), and texts that arrive once a bound is reached
/// are analysed every time rather than stored.
/// </summary>
public sealed class SqlFingerprinter
{
    private const int ScratchTokens = 256;
    private const int ScratchChars = 1024;

    // What an entry costs beside its characters: string header, dictionary node, the analysis objects.
    private const int StatementOverhead = 160;
    private const int ShapeOverhead = 320;

    /// <summary>The default bound on the bytes both caches hold together: 64 MiB.</summary>
    public const long DefaultMaxBytes = 64L << 20;

    // Per-thread scratch for the lexer and normaliser: reused rather than stack-allocated, so no
    // call pays for zeroing it. Longer statements spill into the shared array pool.
    [ThreadStatic]
    private static SqlToken[]? t_tokens;

    [ThreadStatic]
    private static char[]? t_chars;

    private readonly int _capacity;
    private readonly long _maxBytes;
    private long _bytes;
    private readonly ConcurrentDictionary<string, SqlStatement> _statements;
    private readonly ConcurrentDictionary<string, SqlStatement>.AlternateLookup<ReadOnlySpan<char>> _statementsBySpan;
    private readonly ConcurrentDictionary<string, SqlFingerprint> _shapes;
    private readonly ConcurrentDictionary<string, SqlFingerprint>.AlternateLookup<ReadOnlySpan<char>> _shapesBySpan;
    private int _statementCount;
    private int _shapeCount;

    /// <summary>Creates a fingerprinter.</summary>
    /// <param name="capacity">The most distinct statement texts (and, separately, shapes) to keep.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public SqlFingerprinter(int capacity = 20_000)
        : this(capacity, DefaultMaxBytes)
    {
    }

    /// <summary>Creates a fingerprinter bounded by entries and by bytes.</summary>
    /// <param name="capacity">The most distinct statement texts (and, separately, shapes) to keep.</param>
    /// <param name="maxBytes">
    /// The most bytes both caches may hold together, estimated from the texts' lengths plus a fixed cost per
    /// entry. A statement too large for what is left is analysed every time instead of cached.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> or <paramref name="maxBytes"/> is negative.</exception>
    public SqlFingerprinter(int capacity, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _capacity = capacity;
        _maxBytes = maxBytes;
        _statements = new ConcurrentDictionary<string, SqlStatement>(StringComparer.Ordinal);
        _statementsBySpan = _statements.GetAlternateLookup<ReadOnlySpan<char>>();
        _shapes = new ConcurrentDictionary<string, SqlFingerprint>(StringComparer.Ordinal);
        _shapesBySpan = _shapes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The process-wide fingerprinter.</summary>
    public static SqlFingerprinter Shared { get; } = new();

    /// <summary>The number of distinct statement texts currently cached.</summary>
    public int Count => _statements.Count;

    /// <summary>The estimated bytes both caches hold now; never more than the bound given at construction.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Analyses one statement text. Never throws; a <see langword="null"/> text is treated as empty.</summary>
    /// <param name="sql">The statement text.</param>
    /// <returns>The analysis, from the cache when the exact text was seen before.</returns>
    public SqlStatement Analyze(string sql)
    {
        if (sql is null)
        {
            return Analyze(ReadOnlySpan<char>.Empty);
        }

        return _statements.TryGetValue(sql, out var cached) ? cached : AnalyzeAndCache(sql, sql);
    }

    /// <summary>Analyses one statement text without needing it as a string; a cached lookup allocates nothing.</summary>
    /// <param name="sql">The statement text.</param>
    /// <returns>The analysis, from the cache when the exact text was seen before.</returns>
    public SqlStatement Analyze(ReadOnlySpan<char> sql) =>
        _statementsBySpan.TryGetValue(sql, out var cached) ? cached : AnalyzeAndCache(sql, null);

    private SqlStatement AnalyzeAndCache(ReadOnlySpan<char> sql, string? text)
    {
        var statement = Compute(sql);
        var bytes = StatementOverhead + (2L * sql.Length);
        if (!Reserve(ref _statementCount, bytes))
        {
            return statement;
        }

        text ??= sql.ToString();
        var stored = _statements.GetOrAdd(text, statement);
        if (!ReferenceEquals(stored, statement))
        {
            Release(ref _statementCount, bytes);
        }

        return stored;
    }

    private SqlStatement Compute(ReadOnlySpan<char> sql)
    {
        var tokens = new TokenList(t_tokens ??= new SqlToken[ScratchTokens]);
        char[]? rented = null;
        var maxLength = SqlNormalizer.MaxLength(sql.Length);
        var chars = maxLength <= ScratchChars
            ? (t_chars ??= new char[ScratchChars])
            : (rented = ArrayPool<char>.Shared.Rent(maxLength));
        try
        {
            SqlLexer.Tokenize(sql, ref tokens);
            var length = SqlNormalizer.Write(sql, tokens.Items, chars, out var hash);
            var fingerprint = Intern(sql, tokens.Items, tokens.Keywords, chars.AsSpan(0, length), hash);
            return CountValues(sql, tokens.Items, fingerprint);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }

            tokens.Dispose();
        }
    }

    private SqlFingerprint Intern(ReadOnlySpan<char> sql, ReadOnlySpan<SqlToken> tokens, UInt128 keywords, ReadOnlySpan<char> normalized, ulong hash)
    {
        if (_shapesBySpan.TryGetValue(normalized, out var shared))
        {
            return shared;
        }

        var text = normalized.ToString();
        var fingerprint = SqlShapeParser.Parse(sql, tokens, keywords, text, hash);
        var bytes = ShapeOverhead + (2L * text.Length);
        if (!Reserve(ref _shapeCount, bytes))
        {
            return fingerprint;
        }

        var stored = _shapes.GetOrAdd(text, fingerprint);
        if (!ReferenceEquals(stored, fingerprint))
        {
            Release(ref _shapeCount, bytes);
        }

        return stored;
    }

    private bool Reserve(ref int count, long bytes)
    {
        if (Volatile.Read(ref count) >= _capacity || Interlocked.Read(ref _bytes) + bytes > _maxBytes)
        {
            return false;
        }

        if (Interlocked.Increment(ref count) > _capacity)
        {
            Interlocked.Decrement(ref count);
            return false;
        }

        if (Interlocked.Add(ref _bytes, bytes) > _maxBytes)
        {
            Release(ref count, bytes);
            return false;
        }

        return true;
    }

    private void Release(ref int count, long bytes)
    {
        Interlocked.Decrement(ref count);
        Interlocked.Add(ref _bytes, -bytes);
    }

    private static SqlStatement CountValues(ReadOnlySpan<char> sql, ReadOnlySpan<SqlToken> tokens, SqlFingerprint fingerprint)
    {
        var parameters = 0;
        var literals = 0;
        var hash = Fnv64.OffsetBasis;
        foreach (var token in tokens)
        {
            if (token.Kind == SqlTokenKind.Parameter)
            {
                parameters++;
            }
            else if (token.Kind is SqlTokenKind.String or SqlTokenKind.Number)
            {
                literals++;
                hash = Fnv64.Append(Fnv64.Append(hash, token.Text(sql)), '\0');
            }
        }

        return new SqlStatement(fingerprint, parameters, literals, literals == 0 ? 0 : hash, AllowTag.Parse(sql));
    }
}

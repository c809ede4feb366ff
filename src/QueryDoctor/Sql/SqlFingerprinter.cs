using System.Collections.Concurrent;

namespace QueryDoctor.Sql;

/// <summary>
/// Fingerprints statements and caches the result per distinct text. Thread-safe. A cached lookup
/// allocates nothing; both caches are bounded, and texts that arrive once the cache is full are
/// analysed every time rather than stored.
/// </summary>
public sealed class SqlFingerprinter
{
    private const int StackTokens = 128;
    private const int StackChars = 512;

    private readonly int _capacity;
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
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _statements = new ConcurrentDictionary<string, SqlStatement>(StringComparer.Ordinal);
        _statementsBySpan = _statements.GetAlternateLookup<ReadOnlySpan<char>>();
        _shapes = new ConcurrentDictionary<string, SqlFingerprint>(StringComparer.Ordinal);
        _shapesBySpan = _shapes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The process-wide fingerprinter.</summary>
    public static SqlFingerprinter Shared { get; } = new();

    /// <summary>The number of distinct statement texts currently cached.</summary>
    public int Count => _statements.Count;

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
        if (!Reserve(ref _statementCount))
        {
            return statement;
        }

        text ??= sql.ToString();
        var stored = _statements.GetOrAdd(text, statement);
        if (!ReferenceEquals(stored, statement))
        {
            Interlocked.Decrement(ref _statementCount);
        }

        return stored;
    }

    private SqlStatement Compute(ReadOnlySpan<char> sql)
    {
        var tokens = new TokenList(stackalloc SqlToken[StackTokens]);
        var text = new CharBuffer(stackalloc char[StackChars]);
        try
        {
            SqlLexer.Tokenize(sql, ref tokens);
            SqlNormalizer.Write(sql, tokens.Items, ref text);
            var fingerprint = Intern(sql, tokens.Items, text.Written);
            return CountValues(sql, tokens.Items, fingerprint);
        }
        finally
        {
            text.Dispose();
            tokens.Dispose();
        }
    }

    private SqlFingerprint Intern(ReadOnlySpan<char> sql, ReadOnlySpan<SqlToken> tokens, ReadOnlySpan<char> normalized)
    {
        if (_shapesBySpan.TryGetValue(normalized, out var shared))
        {
            return shared;
        }

        var text = normalized.ToString();
        var fingerprint = SqlShapeParser.Parse(sql, tokens, text, Fnv64.Hash(normalized));
        if (!Reserve(ref _shapeCount))
        {
            return fingerprint;
        }

        var stored = _shapes.GetOrAdd(text, fingerprint);
        if (!ReferenceEquals(stored, fingerprint))
        {
            Interlocked.Decrement(ref _shapeCount);
        }

        return stored;
    }

    private bool Reserve(ref int count)
    {
        if (Interlocked.Increment(ref count) <= _capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref count);
        return false;
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

        return new SqlStatement(fingerprint, parameters, literals, literals == 0 ? 0 : hash);
    }
}

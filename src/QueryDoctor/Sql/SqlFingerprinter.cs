namespace QueryDoctor.Sql;

/// <summary>Fingerprints statements and caches the result per distinct text.</summary>
public sealed class SqlFingerprinter
{
    /// <summary>The process-wide fingerprinter.</summary>
    public static SqlFingerprinter Shared { get; } = new();

    /// <summary>Analyses one statement text.</summary>
    /// <param name="sql">The statement text.</param>
    /// <returns>The analysis.</returns>
    public SqlStatement Analyze(string sql) => throw new NotImplementedException(sql);

    /// <summary>Analyses one statement text.</summary>
    /// <param name="sql">The statement text.</param>
    /// <returns>The analysis.</returns>
    public SqlStatement Analyze(ReadOnlySpan<char> sql) => throw new NotImplementedException(sql.ToString());
}

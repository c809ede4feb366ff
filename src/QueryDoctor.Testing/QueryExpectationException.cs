namespace QueryDoctor.Testing;

/// <summary>
/// Thrown when a scope breaks its query expectations. A plain <see cref="Exception"/>, so xunit, NUnit and
/// MSTest all report it as a test failure. The message lists every broken expectation with the offending
/// statements (normalised SQL, never parameter values), their counts, call sites and suggested fixes.
/// </summary>
public sealed class QueryExpectationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public QueryExpectationException()
        : this("Query expectations failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The failure description.</param>
    public QueryExpectationException(string message)
        : base(message)
    {
        Failures = [];
    }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">The failure description.</param>
    /// <param name="innerException">The cause.</param>
    public QueryExpectationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [];
    }

    /// <summary>Creates the exception for a list of broken expectations.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="failures">One entry per broken expectation (its first line).</param>
    /// <param name="innerException">The cause, e.g. the <c>QueryDoctorException</c> a test-mode scope threw.</param>
    public QueryExpectationException(string message, IReadOnlyList<string> failures, Exception? innerException)
        : base(message, innerException)
    {
        Failures = failures;
    }

    /// <summary>One line per broken expectation, e.g. <c>at most 3 queries: 12 ran</c>.</summary>
    public IReadOnlyList<string> Failures { get; }
}

namespace QueryDoctor.Samples.Demo;

/// <summary>The demo's database cannot be used: a malformed connection string, or the server cannot be reached.</summary>
public sealed class DemoDatabaseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DemoDatabaseException()
    {
    }

    /// <summary>Creates the exception with a one-line message.</summary>
    /// <param name="message">What is wrong, in one line.</param>
    public DemoDatabaseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    /// <param name="message">What is wrong, in one line.</param>
    /// <param name="innerException">The cause.</param>
    public DemoDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

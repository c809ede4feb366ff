namespace QueryDoctor.Otlp;

/// <summary>
/// An OTLP trace export that is not valid: its message says where (file and line, or message index, and the
/// field) and why, in one line.
/// </summary>
public sealed class OtlpFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OtlpFormatException()
    {
    }

    /// <summary>Creates the exception with a one-line message.</summary>
    /// <param name="message">Where and why.</param>
    public OtlpFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    /// <param name="message">Where and why.</param>
    /// <param name="innerException">The cause.</param>
    public OtlpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

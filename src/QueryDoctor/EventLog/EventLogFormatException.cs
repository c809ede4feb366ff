namespace QueryDoctor.EventLog;

/// <summary>A line of an event log that is not valid: names the file and the 1-based line number.</summary>
public sealed class EventLogFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="reason">What is wrong with the line.</param>
    public EventLogFormatException(string path, long lineNumber, string reason)
        : base($"{path}:{lineNumber}: {reason}")
    {
        Path = path;
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public EventLogFormatException()
        : this("", 0, "invalid event log line")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public EventLogFormatException(string message)
        : this("", 0, message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EventLogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "";
        Reason = message;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The 1-based line number.</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong with the line.</summary>
    public string Reason { get; }
}

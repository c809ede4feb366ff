namespace QueryDoctor.Advisor;

/// <summary>
/// A workload source cannot be read (pg_stat_statements not installed or not loaded, no permission to read it):
/// the message says in one line what is missing and how to enable it.
/// </summary>
public sealed class WorkloadUnavailableException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public WorkloadUnavailableException()
        : base("the workload source cannot be read")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and how to enable it, in one line.</param>
    public WorkloadUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around the database error that revealed it.</summary>
    /// <param name="message">What is missing and how to enable it, in one line.</param>
    /// <param name="innerException">The database error.</param>
    public WorkloadUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

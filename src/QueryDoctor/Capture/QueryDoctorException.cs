using System.Globalization;
using System.Text;

namespace QueryDoctor.Capture;

/// <summary>
/// Thrown in <see cref="QueryDoctorMode.Test"/> when a scope ends with findings at or above
/// <see cref="QueryDoctorOptions.FailOnSeverity"/>. The message lists every finding.
/// </summary>
public sealed class QueryDoctorException : Exception
{
    /// <summary>Creates the exception with a plain message.</summary>
    public QueryDoctorException()
        : this("QueryDoctor found database performance problems.")
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    /// <param name="message">The message.</param>
    public QueryDoctorException(string message)
        : base(message)
    {
        Findings = [];
    }

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public QueryDoctorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Findings = [];
    }

    /// <summary>Creates the exception for a scope's findings.</summary>
    /// <param name="scope">The scope's name.</param>
    /// <param name="findings">The findings that failed the scope.</param>
    public QueryDoctorException(string scope, IReadOnlyList<Finding> findings)
        : base(Describe(scope, findings))
    {
        Findings = findings;
    }

    /// <summary>The findings that failed the scope.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    private static string Describe(string scope, IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"QueryDoctor: {findings.Count} finding(s) in scope '{scope}':");
        foreach (var finding in findings)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"  [{finding.Rule}] {finding.Message}");
            if (finding.Suggestion is { } suggestion)
            {
                text.Append(CultureInfo.InvariantCulture, $" Fix: {suggestion}");
            }
        }

        return text.ToString();
    }
}

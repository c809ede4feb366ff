using System.Data.Common;
using QueryDoctor.Capture.AdoNet;

namespace QueryDoctor.Capture;

/// <summary>Live capture for Dapper and plain ADO.NET: wrap the connection once, use it as before.</summary>
public static class DbConnectionExtensions
{
    /// <summary>
    /// Wraps <paramref name="connection"/> so that every command it creates is recorded by <paramref name="capture"/>
    /// (SQL, parameter-value hash, duration, rows read or affected, call site, failure). Works with any provider;
    /// the wrapper passes everything else through, and disposing it disposes the inner connection.
    /// </summary>
    /// <param name="connection">The provider's connection (open or closed).</param>
    /// <param name="capture">The capture to record into; share one per application.</param>
    /// <returns>A connection to use in place of <paramref name="connection"/>.</returns>
    public static DbConnection WithQueryDoctor(this DbConnection connection, QueryCapture capture)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(capture);
        return connection is QueryDoctorDbConnection wrapped && ReferenceEquals(wrapped.Capture, capture)
            ? connection
            : new QueryDoctorDbConnection(connection, capture);
    }
}

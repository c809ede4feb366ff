using System.Data.Common;
using QueryDoctor.Inspection.Postgres;
using QueryDoctor.Inspection.Sqlite;

namespace QueryDoctor.Inspection;

/// <summary>Creates the inspector for a provider over any ADO.NET connection.</summary>
public static class DatabaseInspector
{
    /// <summary>Creates an inspector. The connection is opened when first used if it is closed; the caller keeps ownership.</summary>
    /// <param name="connection">A connection to the database (Microsoft.Data.Sqlite, Npgsql or any other provider for the engine).</param>
    /// <param name="provider">The database engine behind the connection.</param>
    /// <returns>The inspector.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="provider"/> is not supported.</exception>
    public static IDatabaseInspector For(DbConnection connection, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return provider switch
        {
            DatabaseProvider.Sqlite => new SqliteInspector(connection),
            DatabaseProvider.PostgreSql => new PostgresInspector(connection),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unsupported database provider"),
        };
    }
}

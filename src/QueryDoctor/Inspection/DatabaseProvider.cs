namespace QueryDoctor.Inspection;

/// <summary>The database engines QueryDoctor can inspect.</summary>
public enum DatabaseProvider
{
    /// <summary>SQLite (any ADO.NET provider, e.g. Microsoft.Data.Sqlite).</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL (any ADO.NET provider, e.g. Npgsql).</summary>
    PostgreSql = 1,
}

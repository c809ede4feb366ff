namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>The database a request's queries go to.</summary>
public enum RequestDatabase
{
    /// <summary>SQLite in memory, one connection held open (EF never opens or closes it).</summary>
    SqliteInMemory,

    /// <summary>A SQLite file: EF opens and closes a pooled connection around every query.</summary>
    SqliteFile,

    /// <summary>PostgreSQL 15 on 127.0.0.1 (a throwaway cluster), pooled Npgsql connections.</summary>
    PostgreSql,
}

namespace QueryDoctor.Sql;

/// <summary>What a statement does, as far as the detectors care.</summary>
public enum SqlStatementKind
{
    /// <summary>Not recognised (DDL, PRAGMA, transaction control, …).</summary>
    Other = 0,

    /// <summary>A query: <c>SELECT</c>, or <c>WITH … SELECT</c>.</summary>
    Select,

    /// <summary><c>INSERT</c> (including upserts) or <c>REPLACE</c>.</summary>
    Insert,

    /// <summary><c>UPDATE</c>.</summary>
    Update,

    /// <summary><c>DELETE</c>.</summary>
    Delete,
}

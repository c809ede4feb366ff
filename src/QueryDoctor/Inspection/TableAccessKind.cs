namespace QueryDoctor.Inspection;

/// <summary>How a plan reads a table.</summary>
public enum TableAccessKind
{
    /// <summary>Every row is read (SQLite <c>SCAN</c>, PostgreSQL <c>Seq Scan</c>), possibly in the order of a full index.</summary>
    Scan = 0,

    /// <summary>An index narrows the rows, then the table is read for the rest of each row.</summary>
    IndexSearch = 1,

    /// <summary>The index alone answers: the table itself is not read (covering index, index-only scan).</summary>
    CoveringIndexSearch = 2,
}

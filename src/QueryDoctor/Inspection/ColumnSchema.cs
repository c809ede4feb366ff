namespace QueryDoctor.Inspection;

/// <summary>One column of a table.</summary>
public sealed record ColumnSchema
{
    /// <summary>The column name, unquoted, as the catalog spells it.</summary>
    public required string Name { get; init; }

    /// <summary>The declared type as the database reports it (e.g. <c>INTEGER</c>, <c>character varying(40)</c>); empty when none.</summary>
    public required string DataType { get; init; }

    /// <summary>Whether the column accepts NULL.</summary>
    public required bool IsNullable { get; init; }
}

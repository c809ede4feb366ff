namespace QueryDoctor.Inspection;

/// <summary>
/// Judges a database schema. A check is a pure function of its context: no I/O, no clock. A check
/// that throws is reported and skipped by <see cref="SchemaDoctor"/>; it never breaks the host.
/// </summary>
public interface ISchemaCheck
{
    /// <summary>Finds problems in a schema.</summary>
    /// <param name="context">The schema and the options in force.</param>
    /// <returns>The findings; empty when the schema is clean.</returns>
    IEnumerable<Finding> Check(SchemaCheckContext context);
}

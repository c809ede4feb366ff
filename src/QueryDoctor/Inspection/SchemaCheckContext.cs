namespace QueryDoctor.Inspection;

/// <summary>Everything a schema check may look at: one argument object, so new data never breaks a signature.</summary>
public sealed class SchemaCheckContext
{
    internal SchemaCheckContext(DatabaseSchema schema, SchemaCheckOptions options)
    {
        Schema = schema;
        Options = options;
    }

    /// <summary>The schema snapshot.</summary>
    public DatabaseSchema Schema { get; }

    /// <summary>The thresholds and severities in force.</summary>
    public SchemaCheckOptions Options { get; }
}

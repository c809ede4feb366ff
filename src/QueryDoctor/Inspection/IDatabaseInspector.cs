namespace QueryDoctor.Inspection;

/// <summary>
/// Reads a database's schema and explains statements, read-only: catalog queries and EXPLAIN without
/// execution. One implementation per provider, created by <see cref="DatabaseInspector.For"/>.
/// </summary>
public interface IDatabaseInspector
{
    /// <summary>The engine this inspector talks to.</summary>
    DatabaseProvider Provider { get; }

    /// <summary>Reads the user tables, their columns, keys, indexes and row counts.</summary>
    /// <param name="cancellationToken">Cancels the catalog queries.</param>
    /// <returns>The schema snapshot.</returns>
    Task<DatabaseSchema> ReadSchemaAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Explains one statement without executing it. Parameters with unknown values are bound to typed
    /// placeholder values, never NULL (which would make the planner fold the predicate away).
    /// </summary>
    /// <param name="sql">One statement; a batch of several is refused.</param>
    /// <param name="parameters">The parameter values, by name or position; <see langword="null"/> or missing ones count as unknown.</param>
    /// <param name="cancellationToken">Cancels the EXPLAIN.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException"><paramref name="sql"/> is empty or holds more than one statement.</exception>
    Task<QueryPlan> ExplainAsync(string sql, IReadOnlyList<QueryParameter>? parameters = null, CancellationToken cancellationToken = default);
}

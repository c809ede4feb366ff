using Microsoft.CodeAnalysis;

namespace QueryDoctor.Analyzers;

/// <summary>The diagnostic descriptors, one per id of <see cref="DiagnosticIds"/>.</summary>
internal static class Descriptors
{
    private const string Category = "Performance";

    public static readonly DiagnosticDescriptor QueryPerIteration = new(
        DiagnosticIds.QueryPerIteration,
        "Query executed once per iteration",
        "'{0}' runs a database query once per iteration of the enclosing {1} (n-plus-one): load the data in one query before it, with Include or a Contains filter and a dictionary",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An EF Core query executed inside a loop body, or inside a lambda run per element of an in-memory sequence, sends one round trip per element. The runtime rule n-plus-one reports the same code when it runs.");

    public static readonly DiagnosticDescriptor ExplicitLoadPerIteration = new(
        DiagnosticIds.ExplicitLoadPerIteration,
        "Navigation explicitly loaded once per iteration",
        "'{0}' loads a navigation once per iteration of the enclosing {1} (n-plus-one): Include it in the query that loads the entities",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Entry(x).Collection(...).Load() or Reference(...).Load() inside a loop sends one query per entity. The runtime rule n-plus-one reports the same code when it runs.");

    public static readonly DiagnosticDescriptor WritePerIteration = new(
        DiagnosticIds.WritePerIteration,
        "Database write once per iteration",
        "'{0}' writes to the database once per iteration of the enclosing {1} (n-plus-one-write): save once after the loop, or use AddRange, ExecuteUpdate or ExecuteDelete",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "SaveChanges, ExecuteUpdate/ExecuteDelete or a raw SQL command inside a loop sends one round trip (and one transaction) per element. The runtime rule n-plus-one-write reports the same code when it runs.");

    public static readonly DiagnosticDescriptor SiblingCollectionIncludes = new(
        DiagnosticIds.SiblingCollectionIncludes,
        "Sibling collections included in one query",
        "This query includes the collections '{0}' and '{1}' of the same entity in one SQL statement (cartesian-explosion): add AsSplitQuery()",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Two collection navigations of one entity loaded by Include in one single query return the product of their rows. AsSplitQuery() loads each collection with its own statement. The runtime rule cartesian-explosion reports the same query when it runs.");

    public static readonly DiagnosticDescriptor LazyLoadPerIteration = new(
        DiagnosticIds.LazyLoadPerIteration,
        "Lazy-loaded navigation read once per iteration",
        "'{0}' is a virtual navigation read once per iteration of the enclosing {1}, from entities loaded by a query without Include of '{2}': with lazy loading on, each read runs a query (n-plus-one)",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A virtual navigation (lazy-loading proxies) read per element of entities that a query loaded without including it runs one query per entity. The runtime rule n-plus-one reports the same code when it runs.");
}

using System.Collections.Concurrent;

namespace QueryDoctor.Capture;

/// <summary>
/// The event log's <c>db</c> value (<c>sqlite</c>, <c>postgresql</c>, <c>sqlserver</c>, <c>mysql</c>) for an ADO.NET
/// type or an EF Core provider name, so every integration names databases alike.
/// </summary>
internal static class DbKinds
{
    private static readonly ConcurrentDictionary<Type, string?> ByType = new();

    /// <summary>The kind a provider or type name points to (<c>Npgsql…</c>, <c>Microsoft.Data.Sqlite…</c>), else <see langword="null"/>.</summary>
    public static string? Of(string provider) => provider switch
    {
        _ when provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) => "sqlite",
        _ when provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase) || provider.Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase) => "postgresql",
        _ when provider.Contains("SqlServer", StringComparison.OrdinalIgnoreCase) || provider.Contains("SqlClient", StringComparison.OrdinalIgnoreCase) => "sqlserver",
        _ when provider.Contains("MySql", StringComparison.OrdinalIgnoreCase) => "mysql",
        _ => null,
    };

    /// <summary>The kind of an ADO.NET connection or command type, from its full name (cached per type).</summary>
    public static string? Of(Type type) => ByType.GetOrAdd(type, static t => Of(t.FullName ?? t.Name));
}

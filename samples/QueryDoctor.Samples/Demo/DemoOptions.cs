namespace QueryDoctor.Samples.Demo;

/// <summary>How the demo runs.</summary>
public sealed class DemoOptions
{
    /// <summary>Data size multiplier (1 = the small default, about a few seconds in all).</summary>
    public int Scale { get; init; } = 1;

    /// <summary>A PostgreSQL connection string; embedded SQLite when <see langword="null"/>.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Only the scenarios whose id starts with one of these prefixes; all when empty.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Told what the demo is doing (seeding, running a scenario), for a progress display.</summary>
    public Action<string>? Progress { get; init; }
}

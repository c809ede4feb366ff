namespace QueryDoctor.Samples.Studio;

/// <summary>What the cleanup job removes.</summary>
public sealed class CleanupOptions
{
    /// <summary>Intermediate assets of projects completed longer ago than this are removed (default 7 days).</summary>
    public TimeSpan CompletedRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Failed projects older than this are removed with all their assets (default 30 days).</summary>
    public TimeSpan FailedRetention { get; init; } = TimeSpan.FromDays(30);
}

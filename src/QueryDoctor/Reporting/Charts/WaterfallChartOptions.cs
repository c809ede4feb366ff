namespace QueryDoctor.Reporting.Charts;

/// <summary>Limits and ids of a <see cref="WaterfallChart"/>.</summary>
public sealed class WaterfallChartOptions
{
    /// <summary>The default <see cref="MaxBars"/>.</summary>
    public const int DefaultMaxBars = 500;

    /// <summary>
    /// The most bars drawn (default 500): past it, consecutive statements of one shape and call site are merged
    /// into one bar, then neighbouring bars, and the caption says so. Keeps a 10,000-statement request readable and cheap.
    /// </summary>
    public int MaxBars { get; init; } = DefaultMaxBars;

    /// <summary>The figure's element id (default <c>waterfall</c>); the SVG's title and description ids derive from it.</summary>
    public string Id { get; init; } = "waterfall";

    /// <summary>
    /// What the chart shows, added to its caption and description after the statement count, e.g.
    /// <c>example instance 4bf92f35…</c> for a scope name's example request in a report; none when <see langword="null"/>.
    /// </summary>
    public string? Caption { get; init; }
}

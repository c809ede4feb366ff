using System.Globalization;

namespace QueryDoctor.Analysis;

/// <summary>
/// One scope name across its judged instances: how many ran, and what one instance cost (statements and time,
/// median and 95th percentile), for <c>compare</c> and the reports' scope lines.
/// </summary>
public sealed record ScopeSummary
{
    /// <summary>The scope's name, e.g. <c>GET /articles/{slug}</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Instances of the scope judged.</summary>
    public required int Instances { get; init; }

    /// <summary>Statements over all instances.</summary>
    public long Statements { get; init; }

    /// <summary>Round trips over all instances (a batch, one <c>SaveChanges</c>, counts once).</summary>
    public long RoundTrips { get; init; }

    /// <summary>Median round trips in one instance.</summary>
    public double QueriesMedian { get; init; }

    /// <summary>95th percentile (nearest rank) of round trips in one instance.</summary>
    public double QueriesP95 { get; init; }

    /// <summary>Median time of one instance in milliseconds: its own duration when known, else its statements' time.</summary>
    public double MillisecondsMedian { get; init; }

    /// <summary>95th percentile (nearest rank) of one instance's time in milliseconds.</summary>
    public double MillisecondsP95 { get; init; }

    /// <summary>Total measured statement time over all instances, in milliseconds.</summary>
    public double StatementMilliseconds { get; init; }

    /// <summary>The status of the last instance that had one (e.g. an HTTP status code).</summary>
    public int? LastStatus { get; init; }

    /// <summary>
    /// One instance of the scope kept to be drawn (the one with the most findings, then the most statements), with
    /// its own findings; <see langword="null"/> when the producer keeps none.
    /// </summary>
    public ScopeExample? Example { get; init; }

    /// <summary>
    /// The scope's cost in words: for one instance <c>4 statements, 1.2 ms in the database, 14.2 ms in all</c>; for
    /// several <c>40 requests; per request 12 statements (p95 20), 14.2 ms (p95 30.1 ms)</c>.
    /// </summary>
    /// <returns>The text.</returns>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        if (Instances <= 1)
        {
            var text = string.Create(c, $"{Statements} statement{(Statements == 1 ? "" : "s")}, {StatementMilliseconds.ToString("0.#", c)} ms in the database");
            return Math.Abs(MillisecondsMedian - StatementMilliseconds) > 0.0005
                ? text + string.Create(c, $", {MillisecondsMedian.ToString("0.#", c)} ms in all")
                : text;
        }

        var noun = InstanceWording.Noun(Name, Instances);
        return string.Create(c,
            $"{Instances} {noun}; per {InstanceWording.Noun(Name, 1)} {QueriesMedian.ToString("0.#", c)} statements (p95 {QueriesP95.ToString("0.#", c)}), " +
            $"{MillisecondsMedian.ToString("0.#", c)} ms (p95 {MillisecondsP95.ToString("0.#", c)} ms)");
    }
}

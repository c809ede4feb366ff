using System.Collections.Concurrent;
using QueryDoctor.Sql;

namespace QueryDoctor.Capture;

/// <summary>
/// What one capture has learned, across scopes, about where each statement shape is issued from. A shape whose
/// stack walks have all named one place is given that place without a walk when it first appears in a scope (a web
/// request's five queries cost no walk once the endpoint has been seen); its place is re-checked at powers of two of
/// its commands and then every <see cref="RecheckEvery"/> commands, and any scope that issues it again walks as
/// before (<see cref="ScopeRecording.NeedsCallSite(SqlFingerprint, int, out CallSite)"/>). A shape seen from two places is walked on every first
/// appearance until <see cref="SettleAfter"/> walks in a row agree again.
/// </summary>
internal sealed class CallSiteMemory
{
    /// <summary>A shape known from one place is still walked once in this many of its commands.</summary>
    internal const int RecheckEvery = 1024;

    /// <summary>Walks in a row that must agree before a shape seen from several places is trusted again.</summary>
    internal const int SettleAfter = 16;

    private const int MaxShapes = 10_000;

    private readonly ConcurrentDictionary<SqlFingerprint, Shape> _shapes = new();

    /// <summary>
    /// The remembered place of <paramref name="fingerprint"/> when it can be used without a walk; otherwise
    /// <see langword="false"/> (never seen, seen from several places, or a re-check is due).
    /// </summary>
    public bool TryRecall(SqlFingerprint fingerprint, out CallSite site)
    {
        if (_shapes.TryGetValue(fingerprint, out var shape) && shape.Site is { } known)
        {
            var seen = Interlocked.Increment(ref shape.Seen);
            if (shape.Agreeing >= SettleAfter || (shape.Agreeing > 0 && !shape.Varied))
            {
                // Powers of two early on, then one in RecheckEvery: a new place for a known shape is noticed.
                if ((seen & (seen - 1)) != 0 && seen % RecheckEvery != 0)
                {
                    site = known;
                    return true;
                }
            }
        }

        site = CallSite.Unknown;
        return false;
    }

    /// <summary>
    /// The one place <paramref name="fingerprint"/> has been seen from, when it is trusted, without counting a use:
    /// what a command whose stack lost its user frame (and that has no open call site) is given rather than nothing.
    /// </summary>
    public CallSite? Trusted(SqlFingerprint fingerprint) =>
        _shapes.TryGetValue(fingerprint, out var shape) && shape.Site is { } known
            && (shape.Agreeing >= SettleAfter || (shape.Agreeing > 0 && !shape.Varied))
            ? known
            : null;

    /// <summary>Learns the place a walk found for <paramref name="fingerprint"/> (an unknown place teaches nothing).</summary>
    public void Learn(SqlFingerprint fingerprint, CallSite site)
    {
        if (site.IsUnknown)
        {
            return;
        }

        if (!_shapes.TryGetValue(fingerprint, out var shape))
        {
            if (_shapes.Count >= MaxShapes)
            {
                _shapes.Clear();
            }

            shape = _shapes.GetOrAdd(fingerprint, static _ => new Shape());
        }

        lock (shape)
        {
            if (shape.Site is null || shape.Site.Equals(site))
            {
                shape.Agreeing++;
            }
            else
            {
                shape.Varied = true;
                shape.Agreeing = 1;
            }

            shape.Site = site;
        }
    }

    private sealed class Shape
    {
#pragma warning disable SA1401, CA1051 // Fields, for Interlocked on the hot path.
        public int Seen;
#pragma warning restore SA1401, CA1051

        public CallSite? Site { get; set; }

        public int Agreeing { get; set; }

        public bool Varied { get; set; }
    }
}

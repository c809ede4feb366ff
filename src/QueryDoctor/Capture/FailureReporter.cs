namespace QueryDoctor.Capture;

/// <summary>
/// Reports each kind of failure of our own once and swallows everything else: shared by the live capture and the
/// ASP.NET Core middleware, so "logged once per kind, never reaches the host" is written in one place.
/// </summary>
internal sealed class FailureReporter
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    /// <summary>
    /// Notes a failure of kind <paramref name="kind"/> and, the first time that kind is seen, calls
    /// <paramref name="log"/>. Never throws, even when <paramref name="log"/> does. The kind counts as seen even
    /// when <paramref name="log"/> is <see langword="null"/> (no logger yet), as before the split.
    /// </summary>
    /// <param name="kind">Where it failed (one report per distinct value).</param>
    /// <param name="exception">The failure.</param>
    /// <param name="log">Writes the report; <see langword="null"/> when there is nowhere to write it.</param>
    public void Report(string kind, Exception exception, Action<Exception, string>? log)
    {
        try
        {
            bool first;
            lock (_lock)
            {
                first = _reported.Add(kind);
            }

            if (first && log is not null)
            {
                log(exception, kind);
            }
        }
#pragma warning disable CA1031 // Even the logger failing must not reach the host.
        catch
#pragma warning restore CA1031
        {
        }
    }
}

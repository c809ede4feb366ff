using QueryDoctor.Capture;

namespace QueryDoctor.AspNetCore;

/// <summary>One finished request as the dashboard shows it.</summary>
internal sealed class RequestRecord
{
    public required long Id { get; init; }

    /// <summary>The scope name: method and route template, e.g. <c>GET /calendars/{id}</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The raw path and query, kept only when parameter values are opted in (it may hold ids and tokens).</summary>
    public string? Path { get; init; }

    public required int Status { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required TimeSpan Duration { get; init; }

    public required int StatementCount { get; init; }

    public required TimeSpan DatabaseTime { get; init; }

    public required IReadOnlyList<ScopeReport> Reports { get; init; }

    public int FindingCount
    {
        get
        {
            var count = 0;
            foreach (var report in Reports)
            {
                count += report.Findings.Count;
            }

            return count;
        }
    }
}

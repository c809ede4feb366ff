namespace QueryDoctor.AspNetCore;

/// <summary>Tells <c>UseQueryDoctor()</c> that <c>AddQueryDoctor()</c> was called, and remembers whether the dashboard is mapped.</summary>
internal sealed class QueryDoctorMarker
{
    private int _dashboardMapped;

    /// <summary>True the first time only.</summary>
    public bool TryMarkDashboardMapped() => Interlocked.Exchange(ref _dashboardMapped, 1) == 0;
}

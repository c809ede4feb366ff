namespace QueryDoctor.Capture;

/// <summary>One statement shape's call-site walks in one scope (see <see cref="ScopeRecording.NeedsCallSite(Sql.SqlFingerprint, int, out CallSite)"/>).</summary>
internal struct SiteBudget
{
    public int Seen { get; set; }

    public int Captures { get; set; }

    public CallSite? Last { get; set; }

    public bool Varied { get; set; }

    public CapturedCommand? RecalledCommand { get; set; }
}

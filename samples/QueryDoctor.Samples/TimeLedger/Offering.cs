namespace QueryDoctor.Samples.TimeLedger;

/// <summary>A course offering: what is taught, scheduled by its rules.</summary>
public class Offering
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The course code.</summary>
    public string Code { get; set; } = "";

    /// <summary>The course title.</summary>
    public string Title { get; set; } = "";

    /// <summary>The schedule rules, one per phase of the offering.</summary>
    public virtual ICollection<ScheduleRule> Rules { get; set; } = [];
}

namespace QueryDoctor.Samples.TimeLedger;

/// <summary>A schedule exception: one session of a rule cancelled or moved to another room.</summary>
public class ScheduleChange
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The rule whose session changes.</summary>
    public int RuleId { get; set; }

    /// <summary>The rule whose session changes.</summary>
    public virtual ScheduleRule Rule { get; set; } = null!;

    /// <summary>The day of the session.</summary>
    public DateOnly Date { get; set; }

    /// <summary>Whether the session is cancelled (else moved).</summary>
    public bool Cancelled { get; set; }

    /// <summary>The room it moves to, when moved.</summary>
    public int? MovedToRoomId { get; set; }
}

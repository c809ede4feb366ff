namespace QueryDoctor.Samples.TimeLedger;

/// <summary>
/// A weekly slot of an offering (weekday, start, length, room, teacher) in force from
/// <see cref="EffectiveFrom"/> to <see cref="EffectiveTo"/> (open-ended when null). A change of rule is a phase transition.
/// </summary>
public class ScheduleRule
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The offering scheduled.</summary>
    public int OfferingId { get; set; }

    /// <summary>The offering scheduled.</summary>
    public virtual Offering Offering { get; set; } = null!;

    /// <summary>Where.</summary>
    public int RoomId { get; set; }

    /// <summary>Where.</summary>
    public virtual Room Room { get; set; } = null!;

    /// <summary>Who teaches.</summary>
    public int TeacherId { get; set; }

    /// <summary>Who teaches.</summary>
    public virtual Teacher Teacher { get; set; } = null!;

    /// <summary>The weekday of the weekly session.</summary>
    public DayOfWeek Weekday { get; set; }

    /// <summary>When the session starts.</summary>
    public TimeOnly StartTime { get; set; }

    /// <summary>The session's length in minutes.</summary>
    public int DurationMinutes { get; set; }

    /// <summary>The first day the rule is in force.</summary>
    public DateOnly EffectiveFrom { get; set; }

    /// <summary>The last day the rule is in force; open-ended when null.</summary>
    public DateOnly? EffectiveTo { get; set; }

    /// <summary>Cancelled or moved sessions of this rule.</summary>
    public virtual ICollection<ScheduleChange> Exceptions { get; set; } = [];
}

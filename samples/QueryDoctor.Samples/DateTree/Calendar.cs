namespace QueryDoctor.Samples.DateTree;

/// <summary>A shared calendar: an owner, members, lists to vote on, events.</summary>
public class Calendar
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The calendar's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Who owns it.</summary>
    public int OwnerId { get; set; }

    /// <summary>Who owns it.</summary>
    public virtual User Owner { get; set; } = null!;

    /// <summary>Who else may use it.</summary>
    public virtual ICollection<CalendarMember> Members { get; set; } = [];

    /// <summary>Lists of items to vote on.</summary>
    public virtual ICollection<CalendarList> Lists { get; set; } = [];

    /// <summary>Its events.</summary>
    public virtual ICollection<CalendarEvent> Events { get; set; } = [];
}

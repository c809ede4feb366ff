namespace QueryDoctor.Samples.DateTree;

/// <summary>A user's membership of a calendar.</summary>
public class CalendarMember
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The calendar.</summary>
    public int CalendarId { get; set; }

    /// <summary>The calendar.</summary>
    public virtual Calendar Calendar { get; set; } = null!;

    /// <summary>The member.</summary>
    public int UserId { get; set; }

    /// <summary>The member.</summary>
    public virtual User User { get; set; } = null!;

    /// <summary>The member's role (<c>editor</c>, <c>viewer</c>).</summary>
    public string Role { get; set; } = "viewer";
}

namespace QueryDoctor.Samples.DateTree;

/// <summary>An event in a calendar.</summary>
public class CalendarEvent
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The calendar.</summary>
    public int CalendarId { get; set; }

    /// <summary>The calendar.</summary>
    public virtual Calendar Calendar { get; set; } = null!;

    /// <summary>The event's title.</summary>
    public string Title { get; set; } = "";

    /// <summary>When it starts (UTC).</summary>
    public DateTime StartTime { get; set; }

    /// <summary>When it ends (UTC).</summary>
    public DateTime EndTime { get; set; }
}

namespace QueryDoctor.Samples.DateTree;

/// <summary>A list of a calendar (places, dates, ideas) whose items members vote on.</summary>
public class CalendarList
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The calendar.</summary>
    public int CalendarId { get; set; }

    /// <summary>The calendar.</summary>
    public virtual Calendar Calendar { get; set; } = null!;

    /// <summary>The list's title.</summary>
    public string Title { get; set; } = "";

    /// <summary>Its items.</summary>
    public virtual ICollection<ListItem> Items { get; set; } = [];
}

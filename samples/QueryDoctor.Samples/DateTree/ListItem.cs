namespace QueryDoctor.Samples.DateTree;

/// <summary>One item of a list.</summary>
public class ListItem
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The list.</summary>
    public int ListId { get; set; }

    /// <summary>The list.</summary>
    public virtual CalendarList List { get; set; } = null!;

    /// <summary>The item's title.</summary>
    public string Title { get; set; } = "";

    /// <summary>Votes cast for it.</summary>
    public virtual ICollection<Vote> Votes { get; set; } = [];
}

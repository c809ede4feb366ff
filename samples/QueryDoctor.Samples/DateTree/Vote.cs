namespace QueryDoctor.Samples.DateTree;

/// <summary>One user's vote for one list item (at most one per user and item).</summary>
public class Vote
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The item voted for.</summary>
    public int ListItemId { get; set; }

    /// <summary>The item voted for.</summary>
    public virtual ListItem ListItem { get; set; } = null!;

    /// <summary>The voter.</summary>
    public int UserId { get; set; }

    /// <summary>The voter.</summary>
    public virtual User User { get; set; } = null!;

    /// <summary>When the vote was cast (UTC).</summary>
    public DateTime CreatedAt { get; set; }
}

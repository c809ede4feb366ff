namespace QueryDoctor.Samples.Studio;

/// <summary>A video project: generated from a script through audio, images and avatars to an output video.</summary>
public class Project
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The project's name.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>draft</c>, <c>generating</c>, <c>completed</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = ProjectStatus.Draft;

    /// <summary>When it was created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When it last changed (UTC); for completed and failed projects, when they finished.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>Its files.</summary>
    public virtual ICollection<Asset> Assets { get; set; } = [];
}

namespace QueryDoctor.Samples.Studio;

/// <summary>One file of a project, stored under the project's folder.</summary>
public class Asset
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The project.</summary>
    public int ProjectId { get; set; }

    /// <summary>The project.</summary>
    public virtual Project Project { get; set; } = null!;

    /// <summary>What it is: see <see cref="AssetType"/>. Everything but <c>output</c> is intermediate.</summary>
    public string Type { get; set; } = AssetType.Output;

    /// <summary>The file, relative to the studio's root folder.</summary>
    public string Path { get; set; } = "";

    /// <summary>The file's size.</summary>
    public long SizeBytes { get; set; }
}

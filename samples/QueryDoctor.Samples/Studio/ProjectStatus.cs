namespace QueryDoctor.Samples.Studio;

/// <summary>The values of <see cref="Project.Status"/>.</summary>
public static class ProjectStatus
{
    /// <summary>Being written.</summary>
    public const string Draft = "draft";

    /// <summary>Assets being generated.</summary>
    public const string Generating = "generating";

    /// <summary>The output video exists.</summary>
    public const string Completed = "completed";

    /// <summary>Generation failed.</summary>
    public const string Failed = "failed";
}

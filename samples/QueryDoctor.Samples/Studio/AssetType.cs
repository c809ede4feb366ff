namespace QueryDoctor.Samples.Studio;

/// <summary>The values of <see cref="Asset.Type"/> and where each lives in a project's folder.</summary>
public static class AssetType
{
    /// <summary>The script (intermediate).</summary>
    public const string Script = "script";

    /// <summary>Narration audio (intermediate).</summary>
    public const string Audio = "audio";

    /// <summary>Generated images (intermediate).</summary>
    public const string Image = "image";

    /// <summary>Avatar renders (intermediate).</summary>
    public const string Avatar = "avatar";

    /// <summary>Generation logs (intermediate).</summary>
    public const string Log = "log";

    /// <summary>The final video (kept).</summary>
    public const string Output = "output";

    /// <summary>Every type, in generation order.</summary>
    public static IReadOnlyList<string> All { get; } = [Script, Audio, Image, Avatar, Log, Output];

    /// <summary>The file of an asset of this type, relative to the studio's root: the per-project layout.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="type">The asset type.</param>
    /// <returns>A relative path with forward slashes.</returns>
    public static string PathOf(int projectId, string type) => $"projects/{projectId}/" + type switch
    {
        Script => "script/script.md",
        Audio => "assets/audio/narration.mp3",
        Image => "images/scene-01.png",
        Avatar => "avatars/presenter.png",
        Log => "logs/generation.log",
        _ => "output/video.mp4",
    };
}

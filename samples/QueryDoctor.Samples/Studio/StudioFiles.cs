namespace QueryDoctor.Samples.Studio;

/// <summary>The project files on disk.</summary>
internal static class StudioFiles
{
    /// <summary>Deletes an asset's file if it exists; returns 1 when a file was deleted, else 0.</summary>
    public static int Delete(string root, string relativePath)
    {
        var file = Path.Combine(root, relativePath);
        if (!File.Exists(file))
        {
            return 0;
        }

        File.Delete(file);
        return 1;
    }
}

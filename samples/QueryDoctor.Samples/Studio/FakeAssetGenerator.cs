namespace QueryDoctor.Samples.Studio;

/// <summary>
/// Stands in for the AI services that render audio, images and avatars: "generates" an asset by writing a
/// small file, and counts how many generations run at once, so callers can prove their concurrency bound.
/// </summary>
/// <param name="root">The studio's root folder for project files.</param>
public sealed class FakeAssetGenerator(string root)
{
    private int _running;
    private int _maxRunning;
    private int _generated;

    /// <summary>The most generations that ever ran at the same time.</summary>
    public int MaxConcurrency => Volatile.Read(ref _maxRunning);

    /// <summary>Generations completed.</summary>
    public int Generated => Volatile.Read(ref _generated);

    /// <summary>Generates one asset of a project and returns its relative path.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="type">The asset type.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>The asset's path, relative to the root.</returns>
    public async Task<string> GenerateAsync(int projectId, string type, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        try
        {
            int seen;
            while (running > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, running, seen) != seen)
            {
            }

            var path = AssetType.PathOf(projectId, type);
            var file = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, type, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _generated);
            return path;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}

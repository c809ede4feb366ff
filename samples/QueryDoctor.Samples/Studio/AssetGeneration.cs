namespace QueryDoctor.Samples.Studio;

/// <summary>
/// Generates the missing assets of draft projects the way the team ended up doing it: projects streamed in
/// keyset batches (never all in memory), at most a fixed number of generations at once, and each batch's new
/// asset rows saved with one <c>SaveChanges</c>.
/// </summary>
/// <param name="createContext">Opens a context (one per batch).</param>
/// <param name="generator">The generator.</param>
public sealed class AssetGeneration(Func<StudioContext> createContext, FakeAssetGenerator generator)
{
    /// <summary>Streams the projects of a status in batches by id: <c>WHERE id &gt; @last ORDER BY id LIMIT @size</c>.</summary>
    /// <param name="status">The status.</param>
    /// <param name="batchSize">Projects per batch.</param>
    /// <returns>The batches, in id order.</returns>
    public IEnumerable<IReadOnlyList<int>> StreamProjectIds(string status, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var last = 0;
        while (true)
        {
            List<int> batch;
            using (var context = createContext())
            {
                batch = [.. context.Projects.Where(p => p.Status == status && p.Id > last).OrderBy(p => p.Id).Take(batchSize).Select(p => p.Id)];
            }

            if (batch.Count == 0)
            {
                yield break;
            }

            yield return batch;
            last = batch[^1];
        }
    }

    /// <summary>
    /// Gives every draft project the intermediate assets it lacks (audio, image, avatar), at most
    /// <paramref name="maxConcurrency"/> generations at a time.
    /// </summary>
    /// <param name="batchSize">Projects per batch.</param>
    /// <param name="maxConcurrency">Generations allowed at once.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Assets generated.</returns>
    public async Task<int> GenerateDraftAssetsAsync(int batchSize, int maxConcurrency, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        string[] types = [AssetType.Audio, AssetType.Image, AssetType.Avatar];
        var total = 0;
        foreach (var batch in StreamProjectIds(ProjectStatus.Draft, batchSize))
        {
            var work = batch.SelectMany(id => types.Select(type => (Id: id, Type: type))).ToList();
            var assets = new Asset[work.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, work.Count),
                new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    var path = await generator.GenerateAsync(work[i].Id, work[i].Type, token).ConfigureAwait(false);
                    assets[i] = new Asset { ProjectId = work[i].Id, Type = work[i].Type, Path = path, SizeBytes = work[i].Type.Length };
                }).ConfigureAwait(false);

            using var context = createContext();
            context.Assets.AddRange(assets);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            total += assets.Length;
        }

        return total;
    }
}

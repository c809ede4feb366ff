namespace QueryDoctor.Analysis;

/// <summary>
/// Per-instance values of one scope name (statements, milliseconds) for the median and 95th percentile. Exact up
/// to <see cref="Capacity"/> instances per name; beyond that a uniform reservoir sample of that size (a
/// deterministic generator, so runs repeat), which keeps memory bounded however many instances a log holds.
/// </summary>
internal sealed class InstanceDistribution
{
    public const int Capacity = 16_384;

    private readonly List<float> _values = [];
    private long _seen;
    private ulong _state = 0x9E3779B97F4A7C15UL;

    public void Add(double value)
    {
        _seen++;
        if (_values.Count < Capacity)
        {
            _values.Add((float)value);
            return;
        }

        var slot = (long)(Next() % (ulong)_seen);
        if (slot < Capacity)
        {
            _values[(int)slot] = (float)value;
        }
    }

    /// <summary>Nearest-rank percentile (0 &lt; <paramref name="percent"/> ≤ 100); 0 when empty.</summary>
    public double Percentile(double percent)
    {
        if (_values.Count == 0)
        {
            return 0;
        }

        var sorted = _values.ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <summary>The median: the mean of the two middle values for an even count.</summary>
    public double Median()
    {
        if (_values.Count == 0)
        {
            return 0;
        }

        var sorted = _values.ToArray();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + (double)sorted[middle]) / 2;
    }

    private ulong Next()
    {
        // xorshift64*
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 2685821657736338717UL;
    }
}

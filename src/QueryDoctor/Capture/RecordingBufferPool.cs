namespace QueryDoctor.Capture;

/// <summary>A small, bounded pool of <see cref="RecordingBuffers"/>, one per capture (the scopes running at once).</summary>
internal sealed class RecordingBufferPool
{
    private readonly Lock _lock = new();
    private readonly RecordingBuffers?[] _items = new RecordingBuffers?[Math.Clamp(Environment.ProcessorCount * 4, 8, 64)];
    private int _count;

    /// <summary>Empty buffers: a pooled set when there is one, else new ones.</summary>
    public RecordingBuffers Rent()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                var item = _items[--_count]!;
                _items[_count] = null;
                return item;
            }
        }

        return new RecordingBuffers();
    }

    /// <summary>Empties <paramref name="buffers"/> and keeps them for a later scope (dropped when too big or the pool is full).</summary>
    public void Return(RecordingBuffers buffers)
    {
        if (!buffers.Reusable)
        {
            return;
        }

        buffers.Clear();
        lock (_lock)
        {
            if (_count < _items.Length)
            {
                _items[_count++] = buffers;
            }
        }
    }
}

namespace QueryDoctor.AspNetCore;

/// <summary>The most recent requests, for the dashboard: a bounded ring, newest first when read.</summary>
internal sealed class RequestHistory(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<RequestRecord> _records = new();
    private long _nextId;

    public long NextId() => Interlocked.Increment(ref _nextId);

    public void Add(RequestRecord record)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            _records.Enqueue(record);
            while (_records.Count > capacity)
            {
                _records.Dequeue();
            }
        }
    }

    /// <summary>The kept requests, newest first.</summary>
    public IReadOnlyList<RequestRecord> Recent()
    {
        lock (_lock)
        {
            var list = _records.ToArray();
            Array.Reverse(list);
            return list;
        }
    }

    public RequestRecord? Find(long id)
    {
        lock (_lock)
        {
            foreach (var record in _records)
            {
                if (record.Id == id)
                {
                    return record;
                }
            }

            return null;
        }
    }
}

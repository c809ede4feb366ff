namespace QueryDoctor.AspNetCore;

/// <summary>
/// The most recent requests, for the dashboard: a bounded ring, newest first when read. Kept only once the dashboard
/// is mapped (<see cref="Enable"/>): every kept request's reports outlive garbage collections, a cost an application
/// without the dashboard (production, by default) should not pay.
/// </summary>
internal sealed class RequestHistory(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<RequestRecord> _records = new();
    private long _nextId;
    private volatile bool _enabled;

    /// <summary>Whether requests are kept: the dashboard is mapped and the capacity is not 0.</summary>
    public bool Enabled => _enabled && capacity > 0;

    /// <summary>Starts keeping requests: called when the dashboard is mapped.</summary>
    public void Enable() => _enabled = true;

    public long NextId() => Interlocked.Increment(ref _nextId);

    public void Add(RequestRecord record)
    {
        if (!Enabled)
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

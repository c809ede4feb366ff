using System.Collections;

namespace QueryDoctor.Capture;

/// <summary>
/// The raw events of a built scope, each either a <see cref="QueryEvent"/> or the live capture's finished
/// <see cref="CapturedCommand"/>; a command becomes a <see cref="QueryEvent"/> the first time it is read, so a scope
/// nobody inspects (most requests) never builds one.
/// </summary>
internal sealed class RecordedEvents : IReadOnlyList<QueryEvent>
{
    private readonly object[] _items;

    public RecordedEvents(object[] items)
    {
        _items = items;
    }

    public int Count => _items.Length;

    public QueryEvent this[int index]
    {
        get
        {
            var item = _items[index];
            if (item is QueryEvent queryEvent)
            {
                return queryEvent;
            }

            var built = ((CapturedCommand)item).ToEvent();

            // Two readers at once keep one event.
            return Interlocked.CompareExchange(ref _items[index], built, item) is QueryEvent other ? other : built;
        }
    }

    public IEnumerator<QueryEvent> GetEnumerator()
    {
        for (var i = 0; i < _items.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace QueryDoctor.Recording;

/// <summary>
/// <see cref="StatementGroup.ValueCounts"/>: a read-only dictionary over the group's <see cref="ValueCountMap"/>,
/// made only when someone asks for it (the rules read the map itself), so a group costs no second object.
/// </summary>
internal sealed class ValueCountsView : IReadOnlyDictionary<ulong, int>
{
    private readonly StatementGroup _group;

    public ValueCountsView(StatementGroup group)
    {
        _group = group;
    }

    public int Count => _group.Values.Count;

    public IEnumerable<ulong> Keys => Enumerable.Range(0, Count).Select(i => _group.Values.KeyAt(i));

    public IEnumerable<int> Values => Enumerable.Range(0, Count).Select(i => _group.Values.CountAt(i));

    public int this[ulong key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException();

    public bool ContainsKey(ulong key) => _group.Values.ContainsKey(key);

    public bool TryGetValue(ulong key, [MaybeNullWhen(false)] out int value) => _group.Values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<ulong, int>> GetEnumerator()
    {
        foreach (var pair in _group.Values)
        {
            yield return pair;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

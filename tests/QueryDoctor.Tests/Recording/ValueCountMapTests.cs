using QueryDoctor.Recording;

namespace QueryDoctor.Tests.Recording;

public sealed class ValueCountMapTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(33)]
    [InlineData(200)]
    public void Increment_ManyKeys_CountsEachAndEnumeratesInFirstSeenOrder(int distinct)
    {
        var map = new ValueCountMap();
        var keys = Enumerable.Range(0, distinct).Select(i => (ulong)(i * 7919) ^ 0xABCDEF).ToArray();
        for (var round = 1; round <= 3; round++)
        {
            foreach (var key in keys.Take(distinct / round + 1))
            {
                Assert.True(map.Increment(key, limit: int.MaxValue));
            }
        }

        Assert.Equal(distinct, map.Count);
        Assert.Equal(keys, Pairs(map).Select(pair => pair.Key));
        for (var i = 0; i < distinct; i++)
        {
            var expected = 1 + (i < distinct / 2 + 1 ? 1 : 0) + (i < distinct / 3 + 1 ? 1 : 0);
            Assert.True(map.TryGetValue(keys[i], out var count));
            Assert.Equal(expected, count);
        }

        Assert.False(map.ContainsKey(0xFFFF_FFFF_FFFF_FFFF));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(40)]
    public void Clear_ThenNewKeys_CountsOnlyTheNewKeys(int before)
    {
        // A reused statement group clears its map; a map that kept its arrays must not read an old first entry.
        var map = new ValueCountMap();
        for (var i = 0; i < before; i++)
        {
            map.Increment((ulong)i + 100, limit: int.MaxValue);
        }

        map.Clear();
        Assert.Empty(Pairs(map));
        Assert.True(map.Increment(7, limit: int.MaxValue));
        Assert.True(map.Increment(7, limit: int.MaxValue));
        Assert.True(map.Increment(8, limit: int.MaxValue));

        Assert.Equal([new KeyValuePair<ulong, int>(7, 2), new KeyValuePair<ulong, int>(8, 1)], Pairs(map));
        Assert.True(map.TryGetValue(7, out var sevens));
        Assert.Equal(2, sevens);
        Assert.False(map.ContainsKey(100));
        Assert.Equal([2, 1], Counts(map));
    }

    [Fact]
    public void Increment_OneKeyRepeatedThenOthers_KeepsTheFirstKeysCountAndOrder()
    {
        var map = new ValueCountMap();
        Assert.Empty(Pairs(map));
        Assert.True(map.Increment(42, limit: 10));
        Assert.True(map.Increment(42, limit: 10));
        Assert.True(map.Increment(42, limit: 10));
        Assert.Equal([3], Counts(map));
        Assert.Equal([new KeyValuePair<ulong, int>(42, 3)], Pairs(map));
        Assert.True(map.AnyCountAtLeast(3));
        Assert.False(map.AnyCountAtLeast(4));

        Assert.True(map.Increment(7, limit: 10));
        Assert.True(map.Increment(42, limit: 10));
        Assert.Equal(2, map.Count);
        Assert.Equal([42UL, 7UL], Pairs(map).Select(pair => pair.Key));
        Assert.Equal([4, 1], Counts(map));
        Assert.True(map.AnyCountAtLeast(4));
        Assert.False(map.AnyCountAtLeast(5));
        Assert.True(map.TryGetValue(42, out var fortyTwos));
        Assert.Equal(4, fortyTwos);
        Assert.False(map.ContainsKey(8));
    }

    [Fact]
    public void Increment_LimitOne_KeepsTheFirstKeyAndRefusesTheSecond()
    {
        var map = new ValueCountMap();
        Assert.True(map.Increment(1, limit: 1));
        Assert.False(map.Increment(2, limit: 1));
        Assert.True(map.Increment(1, limit: 1));
        Assert.Equal([2], Counts(map));
    }

    [Fact]
    public void Increment_AtLimit_CountsKnownKeysAndRefusesNewOnes()
    {
        var map = new ValueCountMap();
        Assert.True(map.Increment(1, limit: 2));
        Assert.True(map.Increment(2, limit: 2));
        Assert.False(map.Increment(3, limit: 2));
        Assert.True(map.Increment(1, limit: 2));
        Assert.True(map.TryGetValue(1, out var ones));
        Assert.Equal(2, ones);
        Assert.Equal(2, map.Count);
        Assert.False(map.ContainsKey(3));
    }

    private static List<KeyValuePair<ulong, int>> Pairs(ValueCountMap map)
    {
        var pairs = new List<KeyValuePair<ulong, int>>();
        foreach (var pair in map)
        {
            pairs.Add(pair);
        }

        return pairs;
    }

    private static int[] Counts(ValueCountMap map) => [.. Pairs(map).Select(pair => pair.Value)];
}

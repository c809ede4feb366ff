using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Sql;

public sealed class SipHash24Tests
{
    [Theory]
    // The reference vectors of the SipHash paper's implementation (vectors.h): key 00..0f, message 00..(n-1).
    [InlineData(0, 0x726fdb47dd0e0e31UL)]
    [InlineData(1, 0x74f839c593dc67fdUL)]
    [InlineData(8, 0x93f5f5799a932462UL)]
    [InlineData(15, 0xa129ca6149be45e5UL)]
    public void Hash_ReferenceKeyAndMessage_MatchesPublishedVector(int length, ulong expected)
    {
        var key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        var hash = SipHash24.Hash(BitConverter.ToUInt64(key, 0), BitConverter.ToUInt64(key, 8), message);

        Assert.Equal(expected, hash);
    }

    [Fact]
    public void Hash_DifferentKeys_DifferentHashesOfOneValue()
    {
        Assert.NotEqual(SipHash24.Hash(1, 2, 42UL), SipHash24.Hash(3, 4, 42UL));
        Assert.Equal(SipHash24.Hash(1, 2, 42UL), SipHash24.Hash(1, 2, 42UL));
    }
}

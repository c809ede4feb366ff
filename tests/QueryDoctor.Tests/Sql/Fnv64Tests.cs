using System.Runtime.InteropServices;
using QueryDoctor.Sql;
using Shouldly;

namespace QueryDoctor.Tests.Sql;

/// <summary>
/// The one FNV-1a: the published test vectors, the same values as the byte-wise hash it replaced (StableHash, which
/// hashed a string's UTF-16 bytes in memory order) and fingerprint ids unchanged from before the merge.
/// </summary>
public sealed class Fnv64Tests
{
    private static readonly string[] Texts =
    [
        "", "a", "foobar", "\0", "SELECT 1", "café", "Ünïcödé ÿ", "時間表", "emoji 😀 pair", "\uFFFF\u0100\u00FF",
        "SELECT \"p\".\"id\" FROM \"posts\" AS \"p\" WHERE \"p\".\"blog_id\" = @__blogId_0",
    ];

    // Statement -> fingerprint id, recorded with the code before the two hashes were merged.
    public static TheoryData<string, string> RecordedFingerprints => new()
    {
        { "SELECT \"p\".\"id\", \"p\".\"blog_id\", \"p\".\"title\" FROM \"posts\" AS \"p\" WHERE \"p\".\"blog_id\" = @__blogId_0", "8e887c85dc806700" },
        { "SELECT \"s\".\"key\", \"s\".\"value\" FROM \"settings\" AS \"s\" WHERE \"s\".\"key\" = @__key_0", "b8bf3fc5d0257e32" },
    };

    public static TheoryData<string> Statements => new()
    {
        "SELECT [u].[Id] FROM [Users] AS [u] WHERE [u].[Email] = @__email_0",
        "SELECT u.\"Id\" FROM \"Users\" AS u WHERE u.\"Email\" = $1",
        "select * from t where id in (1, 2, 3) and name = 'Zoë' -- comment",
        "INSERT INTO \"votes\" (\"item_id\", \"user_id\") VALUES (@p0, @p1), (@p2, @p3)",
        "UPDATE 時間 SET 名 = 'x' WHERE id = :id",
        "SELECT e'it\\'s', 1.5e3, -2, x'ff' FROM \"we\"\"ird\" LIMIT 10 OFFSET 20",
    };

    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void AppendBytes_PublishedTestVectors(string ascii, ulong expected)
    {
        Fnv64.Append(Fnv64.OffsetBasis, System.Text.Encoding.ASCII.GetBytes(ascii)).ShouldBe(expected);
    }

    [Fact]
    public void AppendChars_SameAsOldByteWiseHashOfUtf16()
    {
        foreach (var text in Texts)
        {
            var expected = OldStableHash(OldSeed, MemoryMarshal.AsBytes(text.AsSpan()));

            Fnv64.Hash(text).ShouldBe(expected, text);
            Fnv64.Append(Fnv64.OffsetBasis, text.AsSpan()).ShouldBe(expected, text);
            var stepped = Fnv64.OffsetBasis;
            foreach (var c in text)
            {
                stepped = Fnv64.Step(stepped, c);
            }

            stepped.ShouldBe(expected, text);
        }
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 2UL)]
    [InlineData(0x0123456789abcdefUL, ulong.MaxValue)]
    public void CombineAndAppendUlong_SameAsOldByteWiseHash(ulong first, ulong second)
    {
        var expected = OldStableHash(OldStableHash(OldSeed, BitConverter.GetBytes(first)), BitConverter.GetBytes(second));

        Fnv64.Combine(first, second).ShouldBe(expected);
        Fnv64.Append(Fnv64.Append(Fnv64.OffsetBasis, first), second).ShouldBe(expected);
    }

    [Fact]
    public void Combine_OrderMatters()
    {
        Fnv64.Combine(1, 2).ShouldNotBe(Fnv64.Combine(2, 1));
    }

    [Theory]
    [MemberData(nameof(RecordedFingerprints))]
    public void Fingerprint_Id_UnchangedFromBeforeTheMerge(string sql, string id)
    {
        new SqlFingerprinter().Analyze(sql).Fingerprint.Id.ShouldBe(id);
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Fingerprint_HashIsTheFnv1aOfItsText(string sql)
    {
        var fingerprint = new SqlFingerprinter().Analyze(sql).Fingerprint;

        fingerprint.Hash.ShouldBe(OldStableHash(OldSeed, MemoryMarshal.AsBytes(fingerprint.Text.AsSpan())));
    }

    // The hash this class replaced, kept here as the reference: FNV-1a over a span's bytes as they lie in memory.
    private const ulong OldSeed = 14695981039346656037UL;

    private static ulong OldStableHash(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}

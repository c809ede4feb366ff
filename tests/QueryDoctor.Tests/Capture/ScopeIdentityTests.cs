using QueryDoctor.Capture;
using Shouldly;

namespace QueryDoctor.Tests.Capture;

public sealed class ScopeIdentityTests
{
    [Fact]
    public void Text_ManyScopes_EachIdIs32HexDigitsAndUnique()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100_000; i++)
        {
            var text = new ScopeIdentity().Text;
            text.Length.ShouldBe(32);
            text.ShouldAllBe(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));
            ids.Add(text).ShouldBeTrue(text);
        }
    }

    [Fact]
    public void Text_ReadTwice_IsTheSameIdAndDoesNotCountUp()
    {
        var first = new ScopeIdentity();
        var second = new ScopeIdentity();

        first.Text.ShouldBe(first.Text);
        first.Text.ShouldNotBe(second.Text);
        // The per-process half is shared; the counter half does not read as consecutive numbers.
        first.Text[..16].ShouldBe(second.Text[..16]);
        (Convert.ToUInt64(second.Text[16..], 16) - Convert.ToUInt64(first.Text[16..], 16)).ShouldNotBe(1UL);
    }

    [Fact]
    public void Scope_LiveCapture_ReportsItsIdentityAsScopeId()
    {
        using var capture = new QueryCapture();
        using (QueryDoctorScope.Begin("job"))
        {
            capture.BeginCommand("SELECT 1")?.Finish(rows: 1);
        }

        capture.RecentScopes.ShouldHaveSingleItem().Scope.ScopeId.ShouldNotBeNull().Length.ShouldBe(32);
    }
}

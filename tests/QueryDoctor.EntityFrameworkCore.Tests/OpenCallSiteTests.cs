using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>
/// The call site taken when EF opens a connection asynchronously (the fallback of commands whose stack lost the user's
/// frame) lives exactly as long as that open: the connection's own close drops it, whoever closes it.
/// </summary>
public sealed class OpenCallSiteTests : CaptureTestBase
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AsyncOpenByEf_SiteHeldWhileOpen_DroppedWhenTheConnectionCloses(bool closedByEf)
    {
        var token = TestContext.Current.CancellationToken;
        await using var context = Db.Context(Capture);
        using var scope = QueryDoctorScope.Begin("open");
        var state = EntityFrameworkCapture.StateOf(context)!;

        // A new capture walks its first asynchronous opens.
        Assert.True(QueryCapture.OpenCallSitesWanted);
        await context.Database.OpenConnectionAsync(token);
        Assert.Contains(nameof(AsyncOpenByEf_SiteHeldWhileOpen_DroppedWhenTheConnectionCloses), state.OpenCallSite?.Text, StringComparison.Ordinal);

        var connection = context.Database.GetDbConnection();
        if (closedByEf)
        {
            await context.Database.CloseConnectionAsync();
        }
        else
        {
            // EF raises no event for this close; the connection does.
            await connection.CloseAsync();
        }

        Assert.Null(state.OpenCallSite);

        // Opened again outside EF: its commands run without the earlier open's site.
        await connection.OpenAsync(token);
        Assert.Equal(3, await context.Calendars.CountAsync(c => c.Id <= 3, token));
        Assert.Null(state.OpenCallSite);
    }

    [Fact]
    public void HoldOpenCallSite_WatchesTheConnectionUntilItsFirstCloseOnly()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        var state = new EntityFrameworkCapture.ContextState();
        state.HoldOpenCallSite(CallSite.FromText("Open.Here"), connection);
        state.HoldOpenCallSite(CallSite.FromText("Open.Here"), connection);

        connection.Open();
        Assert.NotNull(state.OpenCallSite);
        connection.Close();
        Assert.Null(state.OpenCallSite);

        // No longer watched: a site set later without a new watch is not the connection's to drop.
        state.OpenCallSite = CallSite.FromText("Open.There");
        connection.Open();
        connection.Close();
        Assert.Equal("Open.There", state.OpenCallSite?.Text);
    }

    [Fact]
    public void HoldOpenCallSite_AnotherConnection_StopsWatchingTheFirst()
    {
        using var first = new SqliteConnection("Data Source=:memory:");
        using var second = new SqliteConnection("Data Source=:memory:");
        var state = new EntityFrameworkCapture.ContextState();
        state.HoldOpenCallSite(CallSite.FromText("Open.Here"), first);
        state.HoldOpenCallSite(CallSite.FromText("Open.Here"), second);

        first.Open();
        first.Close();
        Assert.NotNull(state.OpenCallSite);

        second.Open();
        second.Close();
        Assert.Null(state.OpenCallSite);
    }
}

using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>
/// The call sites of <c>SaveChangesAsync</c>'s writes (issue 21): inside the user's transaction EF first sets a
/// savepoint, which yields on PostgreSQL, so the writes' hooks hold no user frame; they must name the
/// <c>SaveChangesAsync</c> line, never the line that opened the connection (<c>BeginTransactionAsync</c>).
/// </summary>
public abstract class SaveChangesCallSiteTests : CaptureTestBase
{
    [Fact]
    public async Task SaveChangesAsync_InsideUserTransaction_WritesNameTheSaveNotTheTransaction()
    {
        var token = TestContext.Current.CancellationToken;

        // More requests than the early-walk budget, so the budget's reset is exercised too.
        for (var request = 1; request <= OpenCallSitePolicy.WalksAfterYield + 6; request++)
        {
            var scope = QueryDoctorScope.Begin("POST /votes");
            await using (var context = Db.Context(Capture))
            {
                await using var transaction = await OpenTransactionAsync(context, token);
                await RenameFirstMemberAndVoteAsync(context, request, token);
                await AddVoteAsync(context, request, token);
                await transaction.CommitAsync(token);
            }

            scope.Dispose();
            var writes = ReportOf(scope).Scope.Events.Where(e => e.Batch is not null).ToList();
            Assert.Equal(2, writes.Select(e => e.Batch).Distinct().Count());
            Assert.All(writes, e => Assert.DoesNotContain(nameof(OpenTransactionAsync), e.CallSite.Text, StringComparison.Ordinal));
            Assert.Contains(writes, e => e.CallSite.Text.Contains(nameof(RenameFirstMemberAndVoteAsync), StringComparison.Ordinal));
            Assert.Contains(writes, e => e.CallSite.Text.Contains(nameof(AddVoteAsync), StringComparison.Ordinal));
            Assert.All(writes, e => Assert.False(e.CallSite.IsUnknown, $"request {request}: {e.Sql}"));
        }
    }

    [Fact]
    public async Task SaveChangesAsync_ManyRows_EveryWriteNamesTheSave()
    {
        var token = TestContext.Current.CancellationToken;
        var scope = QueryDoctorScope.Begin("POST /votes/import");
        await using (var context = Db.Context(Capture))
        {
            await ImportVotesAsync(context, 250, token);
        }

        scope.Dispose();
        var writes = ReportOf(scope).Scope.Events.Where(e => e.Batch is not null).ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, e => Assert.Contains(nameof(ImportVotesAsync), e.CallSite.Text, StringComparison.Ordinal));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<IDbContextTransaction> OpenTransactionAsync(CalendarContext context, CancellationToken token) =>
        context.Database.BeginTransactionAsync(token);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task RenameFirstMemberAndVoteAsync(CalendarContext context, int request, CancellationToken token)
    {
        var member = await context.Members.OrderBy(m => m.Id).FirstAsync(token);
        member.Name = "renamed " + request;
        context.Votes.Add(new Vote { MemberId = member.Id, Value = request });
        await context.SaveChangesAsync(token);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task AddVoteAsync(CalendarContext context, int request, CancellationToken token)
    {
        context.Votes.Add(new Vote { MemberId = 1, Value = -request });
        await context.SaveChangesAsync(token);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task ImportVotesAsync(CalendarContext context, int rows, CancellationToken token)
    {
        for (var i = 0; i < rows; i++)
        {
            context.Votes.Add(new Vote { MemberId = 1 + (i % TestDatabase.MembersPerCalendar), Value = i });
        }

        await context.SaveChangesAsync(token);
    }
}

public sealed class SqliteSaveChangesCallSiteTests : SaveChangesCallSiteTests
{
}

public sealed class PostgresSaveChangesCallSiteTests : SaveChangesCallSiteTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
}

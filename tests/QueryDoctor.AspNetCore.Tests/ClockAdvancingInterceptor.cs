using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace QueryDoctor.AspNetCore.Tests;

/// <summary>
/// Makes every command "take" a fixed time on a fake clock: registered after QueryDoctor's interceptor, it advances
/// the clock once QueryDoctor has noted the command's start, so durations are exact and nothing sleeps.
/// </summary>
public sealed class ClockAdvancingInterceptor(FakeTimeProvider clock, TimeSpan perCommand) : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        clock.Advance(perCommand);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        clock.Advance(perCommand);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        clock.Advance(perCommand);
        return result;
    }
}

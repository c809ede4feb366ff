namespace QueryDoctor.Tests.Sql;

public sealed class SkeletonTests
{
    [Fact]
    public void Kind_Default_IsOther() => Assert.Equal(QueryDoctor.Sql.SqlStatementKind.Other, default(QueryDoctor.Sql.SqlStatementKind));
}

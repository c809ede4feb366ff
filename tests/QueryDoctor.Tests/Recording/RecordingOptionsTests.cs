using QueryDoctor.Detection;
using QueryDoctor.Recording;

namespace QueryDoctor.Tests.Recording;

/// <summary>Recording's bounds live in <see cref="RecordingOptions"/>; <see cref="DetectionOptions"/> reads and writes the one it holds.</summary>
public sealed class RecordingOptionsTests
{
    [Fact]
    public void DetectionOptions_RecordingProperties_WriteThroughToItsRecordingOptions()
    {
        var options = new DetectionOptions { MaxEventsPerScope = 3, MaxDistinctValuesPerStatement = 7, SlowQueryThreshold = TimeSpan.FromMilliseconds(40) };

        Assert.Equal(3, options.Recording.MaxEventsPerScope);
        Assert.Equal(7, options.Recording.MaxDistinctValuesPerStatement);
        Assert.Equal(TimeSpan.FromMilliseconds(40), options.Recording.SlowQueryThreshold);

        options.Recording.MaxEventsPerScope = 5;
        Assert.Equal(5, options.MaxEventsPerScope);
    }

    [Fact]
    public void Builder_WithRecordingOptions_KeepsAndCountsWithinThem()
    {
        var builder = new QueryScopeBuilder("bounded", new RecordingOptions { MaxEventsPerScope = 2, MaxDistinctValuesPerStatement = 1, SlowQueryThreshold = TimeSpan.FromMilliseconds(10) });
        for (var i = 0; i < 4; i++)
        {
            builder.Add(new QueryEvent { Sql = $"SELECT * FROM users WHERE id = {i}", Duration = TimeSpan.FromMilliseconds(i * 5) });
        }

        var scope = builder.Build();
        var group = Assert.Single(scope.Groups);
        Assert.Equal(4, scope.StatementCount);
        Assert.Equal(2, scope.Events.Count);
        Assert.Equal(2, group.SlowCount);
        Assert.Single(group.ValueCounts);
        Assert.Equal(3, group.UntrackedValueCount);
    }
}

using System.Text.Json;

namespace QueryDoctor.Cli.Tests.Commands;

/// <summary>
/// The example event logs of the shared scenarios, with the findings `analyze --format json` must give:
/// every listed finding present with those field values; an empty list means no finding at all.
/// </summary>
public sealed class ScenarioTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Scenarios");

    public static TheoryData<string> Logs()
    {
        var data = new TheoryData<string>();
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        foreach (var property in expected.RootElement.EnumerateObject())
        {
            data.Add(property.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void Analyze_Scenario_GivesTheExpectedFindings(string log)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        var wanted = expected.RootElement.GetProperty(log);

        var result = CliRunner.Run("analyze", Path.Combine(Folder, log), "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        using var actual = JsonDocument.Parse(result.Out);
        var findings = actual.RootElement.GetProperty("findings").EnumerateArray().ToList();
        if (wanted.GetArrayLength() == 0)
        {
            Assert.Empty(findings);
        }

        foreach (var want in wanted.EnumerateArray())
        {
            var match = findings.FirstOrDefault(f => want.EnumerateObject().All(p =>
                f.TryGetProperty(p.Name, out var value) && JsonElement.DeepEquals(value, p.Value)));
            Assert.True(match.ValueKind == JsonValueKind.Object, $"{log}: no finding matches {want} in {result.Out}");
        }
    }
}

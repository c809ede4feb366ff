namespace QueryDoctor.Samples.Demo;

/// <summary>One scenario measured before (naive code, naive schema) and after (optimised code and schema).</summary>
/// <param name="Id">The stable scenario id, e.g. <c>timeledger.detect-phase-transitions.30d</c>.</param>
/// <param name="System">The source system: TimeLedger, DateTree or Studio.</param>
/// <param name="Title">What the scenario does, in a few words.</param>
/// <param name="Before">The naive run.</param>
/// <param name="After">The optimised run.</param>
public sealed record ScenarioResult(string Id, string System, string Title, ScenarioSide Before, ScenarioSide After);

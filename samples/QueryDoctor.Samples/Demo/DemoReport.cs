namespace QueryDoctor.Samples.Demo;

/// <summary>The demo's outcome: every scenario measured naive (before) and optimised (after).</summary>
/// <param name="Database">The database kind the demo ran on: <c>sqlite</c> or <c>postgresql</c>.</param>
/// <param name="Scale">The data size multiplier used.</param>
/// <param name="Scenarios">The scenarios, in run order.</param>
public sealed record DemoReport(string Database, int Scale, IReadOnlyList<ScenarioResult> Scenarios);

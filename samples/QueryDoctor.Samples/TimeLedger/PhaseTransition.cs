namespace QueryDoctor.Samples.TimeLedger;

/// <summary>The day an offering's schedule changes from one rule to another (either may be none).</summary>
/// <param name="Date">The first day under the new rule.</param>
/// <param name="FromRuleId">The rule in force the day before, if any.</param>
/// <param name="ToRuleId">The rule in force from this day, if any.</param>
public sealed record PhaseTransition(DateOnly Date, int? FromRuleId, int? ToRuleId);

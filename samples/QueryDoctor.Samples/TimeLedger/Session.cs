namespace QueryDoctor.Samples.TimeLedger;

/// <summary>One session expanded from a schedule rule, with the names a timetable shows.</summary>
/// <param name="RuleId">The rule it comes from.</param>
/// <param name="Date">The day.</param>
/// <param name="Start">The start time.</param>
/// <param name="Offering">The offering's title.</param>
/// <param name="Room">The room's name.</param>
/// <param name="Teacher">The teacher's name.</param>
public sealed record Session(int RuleId, DateOnly Date, TimeOnly Start, string Offering, string Room, string Teacher);

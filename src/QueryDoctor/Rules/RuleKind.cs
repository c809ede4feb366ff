namespace QueryDoctor.Rules;

/// <summary>Where a rule gets what it judges.</summary>
public enum RuleKind
{
    /// <summary>A scope's statements alone: the live capture and an event log give the same answer.</summary>
    Scope,

    /// <summary>Only the live capture can tell (it needs the EF Core model of the command).</summary>
    Live,

    /// <summary>The database itself: its schema, its plans, the index advisor (<c>doctor</c>, <c>analyze --db</c>).</summary>
    Database,
}

using QueryDoctor.Inspection.Checks.MissingPrimaryKey;
using QueryDoctor.Inspection.Checks.RedundantIndex;
using QueryDoctor.Inspection.Checks.UnindexedForeignKey;
using QueryDoctor.Inspection.Checks.UnusedIndex;
using QueryDoctor.Rules;

namespace QueryDoctor.Inspection;

/// <summary>
/// Runs the built-in schema checks, then any custom ones, over a schema snapshot. Each check runs in
/// isolation: one that throws is reported through <see cref="CheckFailed"/> and skipped, and the others
/// still run. Pure: it reads the snapshot only, never the database.
/// </summary>
public sealed class SchemaDoctor
{
    private readonly (string Rule, ISchemaCheck Check)[] _checks;

    /// <summary>Creates a doctor.</summary>
    /// <param name="options">Severities and switches; validated here. Defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public SchemaDoctor(SchemaCheckOptions? options = null)
    {
        Options = options ?? new SchemaCheckOptions();
        Options.Validate();
        (string, ISchemaCheck)[] builtIn =
        [
            (RuleIds.UnindexedForeignKey, new UnindexedForeignKeyCheck()),
            (RuleIds.RedundantIndex, new RedundantIndexCheck()),
            (RuleIds.MissingPrimaryKey, new MissingPrimaryKeyCheck()),
            (RuleIds.UnusedIndex, new UnusedIndexCheck()),
        ];
        _checks = [.. builtIn.Where(c => Options.IsEnabled(c.Item1)), .. Options.Checks.Select(c => (c.GetType().Name, c))];
    }

    /// <summary>The options in force.</summary>
    public SchemaCheckOptions Options { get; }

    /// <summary>Called when a check throws: the check's name and the exception. Must not throw itself.</summary>
    public Action<string, Exception>? CheckFailed { get; init; }

    /// <summary>Runs every check over a schema.</summary>
    /// <param name="schema">The schema snapshot.</param>
    /// <returns>The findings, in rule order.</returns>
    public IReadOnlyList<Finding> Examine(DatabaseSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var context = new SchemaCheckContext(schema, Options);
        var findings = new List<Finding>();
        foreach (var (rule, check) in _checks)
        {
            try
            {
                foreach (var finding in check.Check(context))
                {
                    if (finding is not null && Options.IsEnabled(finding.Rule))
                    {
                        findings.Add(finding);
                    }
                }
            }
#pragma warning disable CA1031 // A check must never break the host: any failure is reported and skipped.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                try
                {
                    CheckFailed?.Invoke(rule, exception);
                }
#pragma warning disable CA1031
                catch
#pragma warning restore CA1031
                {
                    // The failure callback failed too: nothing else can be done without risking the host.
                }
            }
        }

        return findings;
    }
}

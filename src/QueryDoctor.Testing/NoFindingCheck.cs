using System.Globalization;
using System.Text;

namespace QueryDoctor.Testing;

/// <summary>No finding matching a predicate (a rule, or a severity floor).</summary>
internal sealed class NoFindingCheck(string name, Func<Finding, bool> fails) : QueryCheck
{
    public override ValueTask<string?> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var failing = context.Findings.Where(fails).ToList();
        if (failing.Count == 0)
        {
            return ValueTask.FromResult<string?>(null);
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{name}: {FailureText.Plural(failing.Count, "finding", "findings")}");
        foreach (var finding in failing)
        {
            if (context.Listed.Add(finding))
            {
                FailureText.AppendFinding(text, finding);
            }
            else
            {
                text.Append('\n');
                text.Append(CultureInfo.InvariantCulture, $"{FailureText.Indent}[{finding.Rule}] {finding.Message} (listed above)");
            }
        }

        return ValueTask.FromResult<string?>(text.ToString());
    }
}

using System.CommandLine;
using System.Globalization;
using QueryDoctor.Cli.Rendering;
using QueryDoctor.Reporting;

namespace QueryDoctor.Cli.Commands;

/// <summary>
/// <c>querydoctor baseline FILE... [--db CONN] -o querydoctor.baseline.json</c>: accepts today's findings,
/// so a codebase can adopt the gate (<c>--baseline</c> with <c>--fail-on</c>) before fixing them all.
/// Takes exactly what <c>analyze</c> takes; with no FILE and <c>--db</c> it baselines <c>doctor</c>'s findings.
/// </summary>
internal static class BaselineCommand
{
    public static Command Create(CliConsole console)
    {
        var inputs = new AnalyzeInputs();
        inputs.Files.Arity = ArgumentArity.ZeroOrMore;
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the baseline to this file instead of standard output (e.g. querydoctor.baseline.json, committed with the code).",
            HelpName = "file",
        };

        var command = new Command(
            "baseline",
            "Accept the current findings of event logs (and, with --db, of the database) in a baseline file; " +
            "'analyze --baseline FILE' and 'doctor --baseline FILE' then fail only on new findings.");
        inputs.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(inputs.Files) ?? [];
            AnalysisReport report;
            if (paths.Length > 0)
            {
                report = inputs.Run(console, parse);
            }
            else if (inputs.Database.GetDb(parse) is { } db)
            {
                var options = AnalyzeCommand.BuildSchemaOptions(null, parse.GetValue(inputs.Severities), parse.GetValue(inputs.Disabled));
                report = DoctorCommand.Doctor(console, db, parse.GetValue(inputs.Database.Provider), options)
                    .ApplySuppressions(inputs.Suppress.Read(parse));
            }
            else
            {
                throw new UsageException("baseline needs event logs (FILE...) or --db: give what 'analyze' or 'doctor' would check");
            }

            var baseline = FindingBaseline.From(report.Findings);
            var path = parse.GetValue(output);
            ReportOutput.Write(console, path, (writer, _) =>
            {
                using var stream = new MemoryStream();
                baseline.Write(stream);
                writer.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            });

            var byRule = report.CountByRule();
            var rules = byRule.Count == 0 ? "" : " (" + string.Join(", ", byRule.Select(r => r.Key + " " + r.Value.ToString(CultureInfo.InvariantCulture))) + ")";
            var where = path is null ? "" : " in " + path;
            console.Diagnostic($"baseline: {baseline.Count.ToString(CultureInfo.InvariantCulture)} finding{(baseline.Count == 1 ? "" : "s")} accepted{rules}{where}");
            return ExitCodes.Success;
        });
        return command;
    }
}

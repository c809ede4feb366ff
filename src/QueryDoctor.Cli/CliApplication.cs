using System.CommandLine;
using QueryDoctor.Cli.Commands;

namespace QueryDoctor.Cli;

/// <summary>
/// The <c>querydoctor</c> command line: parses, calls the core, renders. Every failure the user can
/// cause ends as one line on standard error and exit code 2, never a stack trace.
/// </summary>
internal static class CliApplication
{
    public static int Run(string[] args, CliConsole console)
    {
        var root = new RootCommand("QueryDoctor finds, explains and guards against database performance problems: " +
                                   "N+1 queries, duplicates, slow and unbounded queries, missing indexes.");
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(AnalyzeCommand.Create(console));
        root.Subcommands.Add(DoctorCommand.Create(console));
        root.Subcommands.Add(CompareCommand.Create(console));
        root.Subcommands.Add(BaselineCommand.Create(console));
        root.Subcommands.Add(RulesCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            var help = command == root ? "querydoctor --help" : $"querydoctor {command.Name} --help";
            // "Unrecognized command or argument 'x'" says more than the "Required command" that follows from it.
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            var message = string.Join(' ', error.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
            console.Diagnostic($"error: {message} (see '{help}')");
            return ExitCodes.UsageError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (UsageException exception)
        {
            console.Diagnostic("error: " + exception.Message);
            return ExitCodes.UsageError;
        }
#pragma warning disable CA1031 // The last line of defence: a bug must still end as one line, not a stack trace.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            console.Diagnostic($"internal error: {exception.GetType().Name}: {exception.Message} (please report this)");
            return ExitCodes.UsageError;
        }
    }
}

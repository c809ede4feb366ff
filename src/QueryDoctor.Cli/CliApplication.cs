using System.CommandLine;
using System.CommandLine.Parsing;
using QueryDoctor.Cli.Commands;

namespace QueryDoctor.Cli;

/// <summary>
/// The <c>querydoctor</c> command line: parses, calls the core, renders. Every failure the user can
/// cause ends as one line on standard error and exit code 2, never a stack trace.
/// </summary>
internal static class CliApplication
{
    /// <summary>
    /// A positional argument that looks like an option (<c>--unknown-flag</c>, <c>-x</c>): an option this verb does
    /// not have, which would otherwise be read as a file name. Arguments after <c>--</c> are taken as given.
    /// </summary>
    private static string? UnknownOption(ParseResult parse)
    {
        var afterDoubleDash = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        var seen = false;
        foreach (var token in parse.Tokens)
        {
            if (seen)
            {
                afterDoubleDash.Add(token);
            }
            else if (token.Type == TokenType.DoubleDash)
            {
                seen = true;
            }
        }

        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is not CommandResult command)
            {
                continue;
            }

            foreach (var child in command.Children)
            {
                if (child is not ArgumentResult argument)
                {
                    continue;
                }

                foreach (var token in argument.Tokens)
                {
                    var text = token.Value;
                    if (text.Length > 1 && text[0] == '-' && !char.IsAsciiDigit(text[1]) && text[1] != '.'
                        && !afterDoubleDash.Contains(token))
                    {
                        return text;
                    }
                }
            }
        }

        return null;
    }

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

        if (UnknownOption(parse) is { } unknown)
        {
            var command = parse.CommandResult.Command;
            var help = command == root ? "querydoctor --help" : $"querydoctor {command.Name} --help";
            console.Diagnostic($"error: unknown option '{ConsoleText.Safe(unknown)}' (see '{help}'; put '--' before a file whose name starts with '-')");
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

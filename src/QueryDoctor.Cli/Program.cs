using QueryDoctor.Cli;

return CliApplication.Run(args, CliConsole.System());

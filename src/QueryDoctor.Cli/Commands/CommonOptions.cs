using System.CommandLine;

namespace QueryDoctor.Cli.Commands;

/// <summary>The options every verb shares: output format, output file and the failure threshold.</summary>
internal sealed class CommonOptions
{
    public static readonly string[] Formats = ["console", "json", "sarif", "markdown", "html"];

    public Option<string> Format { get; } = new("--format", "-f")
    {
        Description = "Output format: " + string.Join(", ", Formats) + ".",
        DefaultValueFactory = _ => "console",
        HelpName = "format",
    };

    public Option<string?> Output { get; } = new("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output.",
        HelpName = "file",
    };

    public Option<string?> FailOn { get; } = new("--fail-on")
    {
        Description = "Exit with code 1 when a finding has this severity or higher: info, warning or error. Default: never.",
        HelpName = "severity",
    };

    public CommonOptions()
    {
        Format.AcceptOnlyFromAmong(Formats);
        FailOn.AcceptOnlyFromAmong("info", "warning", "error");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Output);
        command.Options.Add(FailOn);
    }

    public static Severity? ParseSeverity(string? text) => text switch
    {
        null => null,
        "info" => Severity.Info,
        "warning" => Severity.Warning,
        "error" => Severity.Error,
        _ => throw new UsageException($"unknown severity '{text}': use info, warning or error"),
    };
}

using System.CommandLine;
using QueryDoctor.Reporting;

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

    public Option<string?> Baseline { get; } = new("--baseline")
    {
        Description = "Findings accepted in this baseline file (written by 'querydoctor baseline') are listed but do not fail; only new ones count for --fail-on.",
        HelpName = "file",
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

    /// <summary>Offers <c>--baseline</c> on a verb that reports findings.</summary>
    public void AddBaselineTo(Command command) => command.Options.Add(Baseline);

    /// <summary>The baseline <c>--baseline</c> names, or <see langword="null"/> when none was given.</summary>
    /// <exception cref="UsageException">The file is missing or is not a baseline.</exception>
    public FindingBaseline? ReadBaseline(ParseResult parse)
    {
        if (!parse.CommandResult.Command.Options.Contains(Baseline) || parse.GetValue(Baseline) is not { } path)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"cannot read baseline '{path}': no such file (write one with 'querydoctor baseline')");
        }

        try
        {
            return FindingBaseline.Load(path);
        }
        catch (InvalidDataException exception)
        {
            throw new UsageException(exception.Message);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read baseline '{path}': {exception.Message}");
        }
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

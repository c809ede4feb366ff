namespace QueryDoctor.Cli;

/// <summary>Where a command writes: data to <see cref="Out"/>, progress and diagnostics to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output (data).</param>
/// <param name="Error">Standard error (progress, warnings, errors).</param>
/// <param name="ErrorIsTerminal">Whether standard error is an interactive terminal (progress is shown only then).</param>
/// <param name="OutIsTerminal">Whether standard output is an interactive terminal (colours only then).</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal, bool OutIsTerminal)
{
    /// <summary>The process's own console.</summary>
    public static CliConsole System() =>
        new(Console.Out, Console.Error, !Console.IsErrorRedirected, !Console.IsOutputRedirected);

    /// <summary>Writes one diagnostic line to standard error, with control characters from input made visible.</summary>
    /// <param name="message">The line.</param>
    public void Diagnostic(string message) => Error.WriteLine("querydoctor: " + ConsoleText.Safe(message));
}

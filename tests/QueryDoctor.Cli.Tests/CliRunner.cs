namespace QueryDoctor.Cli.Tests;

/// <summary>Runs the command line in-process with captured standard output and error.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApplication.Run(args, new CliConsole(stdout, stderr, ErrorIsTerminal: false, OutIsTerminal: false));
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    public static string TempFile(string content, string extension = ".jsonl")
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(path, content);
        return path;
    }
}

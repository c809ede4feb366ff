namespace QueryDoctor.Cli;

/// <summary>The command line's exit codes (the published contract).</summary>
internal static class ExitCodes
{
    /// <summary>Success: the work was done, and no finding reached <c>--fail-on</c>.</summary>
    public const int Success = 0;

    /// <summary>Findings at or above <c>--fail-on</c>.</summary>
    public const int FindingsAtOrAboveFailOn = 1;

    /// <summary>Usage error, unreadable input or unreachable database.</summary>
    public const int UsageError = 2;
}

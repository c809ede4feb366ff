namespace QueryDoctor.Cli;

/// <summary>
/// Bad input from the user (arguments, files, connection): its message is printed as one line on
/// standard error and the process exits with code 2.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);

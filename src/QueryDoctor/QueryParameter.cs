namespace QueryDoctor;

/// <summary>One parameter of a command. Values are kept only when the user opts in.</summary>
/// <param name="Name">The parameter name (e.g. <c>@p0</c>), or <see langword="null"/> for positional parameters.</param>
/// <param name="Value">The value: a string, number, boolean, <see langword="null"/>, or a list for array parameters.</param>
public readonly record struct QueryParameter(string? Name, object? Value);

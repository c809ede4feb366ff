namespace QueryDoctor;

/// <summary>One parameter of a command. Values are kept only when the user opts in.</summary>
public readonly record struct QueryParameter
{
    /// <summary>A parameter of a command.</summary>
    /// <param name="name">The parameter name (e.g. <c>@p0</c>), or <see langword="null"/> for positional parameters.</param>
    /// <param name="value">The value: a string, number, boolean, <see langword="null"/>, or a list for array parameters.</param>
    public QueryParameter(string? name, object? value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The parameter name (e.g. <c>@p0</c>), or <see langword="null"/> for positional parameters.</summary>
    public string? Name { get; init; }

    /// <summary>The value: a string, number, boolean, <see langword="null"/>, or a list for array parameters.</summary>
    public object? Value { get; init; }
}

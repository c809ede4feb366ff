using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QueryDoctor.Analyzers;

/// <summary>
/// Reads the Include/ThenInclude paths of one query chain and finds two collection navigations of the same entity
/// (siblings): their rows multiply in a single SQL statement, as the runtime's cartesian-explosion says.
/// </summary>
internal static class Includes
{
    public static bool IsInclude(IMethodSymbol method, EfSymbols symbols) =>
        method.Name is "Include" or "ThenInclude" && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.EfQueryableExtensions);

    /// <summary>The call that continues the chain <paramref name="call"/> is part of, or <see langword="null"/> at its end.</summary>
    public static IInvocationOperation? Outer(IOperation call)
    {
        var parent = call.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation outer } argument
                when outer.TargetMethod.IsExtensionMethod && outer.Arguments.Length > 0 && ReferenceEquals(outer.Arguments[0], argument) => outer,
            IInvocationOperation outer when outer.Instance is not null && ReferenceEquals(QueryChain.Strip(outer.Instance), call) => outer,
            _ => null,
        };
    }

    /// <summary>
    /// For the outermost Include/ThenInclude of a chain: the first two sibling collections it includes without
    /// AsSplitQuery()/AsSingleQuery() anywhere in the chain, else <see langword="null"/>.
    /// </summary>
    public static (string First, string Second)? SiblingCollections(IInvocationOperation lastInclude, EfSymbols symbols)
    {
        for (var outer = Outer(lastInclude); outer is not null; outer = Outer(outer))
        {
            if (outer.TargetMethod.Name is "AsSplitQuery" or "AsSingleQuery")
            {
                return null;
            }
        }

        var links = QueryChain.Links(lastInclude, symbols);
        var calls = new List<IInvocationOperation>();
        foreach (var link in links)
        {
            if (link is IInvocationOperation call)
            {
                if (call.TargetMethod.Name is "AsSplitQuery" or "AsSingleQuery")
                {
                    return null;
                }

                if (IsInclude(call.TargetMethod, symbols))
                {
                    calls.Add(call);
                }
            }
        }

        calls.Reverse();
        var collectionsByParent = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var previous = new List<IPropertySymbol>();
        foreach (var call in calls)
        {
            if (call.Arguments.Length < 2 || Pagination.Lambda(call.Arguments[1].Value) is not { } lambda || Path(lambda) is not { } members)
            {
                // A string include or an unreadable path: what it loads is unknown, so the rest cannot be judged.
                return null;
            }

            var path = call.TargetMethod.Name == "ThenInclude" ? new List<IPropertySymbol>(previous) : new List<IPropertySymbol>();
            foreach (var member in members)
            {
                if (symbols.ElementType(member.Type) is not null)
                {
                    var parent = Key(path);
                    if (!collectionsByParent.TryGetValue(parent, out var names))
                    {
                        collectionsByParent[parent] = names = [];
                    }

                    if (!names.Contains(member.Name))
                    {
                        names.Add(member.Name);
                        if (names.Count == 2)
                        {
                            return (names[0], names[1]);
                        }
                    }
                }

                path.Add(member);
            }

            previous = path;
        }

        return null;
    }

    /// <summary>Whether any Include/ThenInclude of the chain names a property called <paramref name="navigation"/>.</summary>
    public static bool MentionsNavigation(IEnumerable<IOperation> links, string navigation, EfSymbols symbols)
    {
        foreach (var link in links)
        {
            if (link is not IInvocationOperation call || !IsInclude(call.TargetMethod, symbols) || call.Arguments.Length < 2)
            {
                continue;
            }

            var argument = call.Arguments[1].Value;
            if (argument.ConstantValue is { HasValue: true, Value: string text } && text.IndexOf(navigation, StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            foreach (var node in argument.DescendantsAndSelf())
            {
                if (node is IPropertyReferenceOperation reference && reference.Property.Name == navigation)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The properties of <c>x =&gt; x.A.B</c> (or a filtered <c>x =&gt; x.A.Where(...)</c>), root first.</summary>
    private static List<IPropertySymbol>? Path(IAnonymousFunctionOperation lambda)
    {
        if (lambda.Body.Operations.Length != 1 || lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } value })
        {
            return null;
        }

        var members = new List<IPropertySymbol>();
        var current = QueryChain.Strip(value);
        while (true)
        {
            switch (current)
            {
                case IInvocationOperation filter when filter.TargetMethod.IsExtensionMethod && filter.Arguments.Length > 0:
                    current = QueryChain.Strip(filter.Arguments[0].Value);
                    break;
                case IPropertyReferenceOperation { Instance: { } instance } property:
                    members.Insert(0, property.Property);
                    current = QueryChain.Strip(instance);
                    break;
                case IParameterReferenceOperation:
                    return members.Count > 0 ? members : null;
                default:
                    return null;
            }
        }
    }

    private static string Key(List<IPropertySymbol> path)
    {
        var names = new string[path.Count];
        for (var i = 0; i < path.Count; i++)
        {
            names[i] = path[i].Name;
        }

        return string.Join(".", names);
    }
}

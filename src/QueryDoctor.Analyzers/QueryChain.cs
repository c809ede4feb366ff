using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QueryDoctor.Analyzers;

/// <summary>
/// Reads a fluent query chain (<c>context.Users.Where(...).OrderBy(...).ToList()</c>) from the operation tree:
/// what each method does, where the chain starts, and whether that start is an EF Core <c>DbSet</c>/<c>DbContext</c>.
/// </summary>
internal static class QueryChain
{
    private const int MaxLocalDepth = 4;

    private static readonly HashSet<string> Materializers = new(StringComparer.Ordinal)
    {
        "ToList", "ToArray", "ToDictionary", "ToHashSet", "ToLookup",
    };

    public static IOperation Strip(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                case IAwaitOperation awaited:
                    operation = awaited.Operation;
                    break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaitable }:
                    operation = awaitable;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The sequence a chained call works on: the first argument of an extension method, else the receiver.</summary>
    public static IOperation? Source(IInvocationOperation invocation)
    {
        if (invocation.TargetMethod.IsExtensionMethod || (invocation.TargetMethod.IsStatic && invocation.Instance is null))
        {
            return invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
                ? Strip(invocation.Arguments[0].Value)
                : null;
        }

        return invocation.Instance is null ? null : Strip(invocation.Instance);
    }

    public static QueryMethodKind Classify(IMethodSymbol method, EfSymbols symbols)
    {
        var type = method.ContainingType;
        var reduced = method.ReducedFrom ?? method;
        if (SymbolEqualityComparer.Default.Equals(type, symbols.Queryable))
        {
            return symbols.IsQueryable(reduced.ReturnType) ? QueryMethodKind.Deferred : QueryMethodKind.Executes;
        }

        if (SymbolEqualityComparer.Default.Equals(type, symbols.EfQueryableExtensions)
            || SymbolEqualityComparer.Default.Equals(type, symbols.RelationalQueryableExtensions))
        {
            if (method.Name.StartsWith("ExecuteUpdate", StringComparison.Ordinal) || method.Name.StartsWith("ExecuteDelete", StringComparison.Ordinal))
            {
                return QueryMethodKind.Writes;
            }

            if (symbols.IsQueryable(reduced.ReturnType) || method.Name == "AsAsyncEnumerable")
            {
                return QueryMethodKind.Deferred;
            }

            return method.Name == "ToQueryString" ? QueryMethodKind.None : QueryMethodKind.Executes;
        }

        if (SymbolEqualityComparer.Default.Equals(type, symbols.Enumerable))
        {
            if (Materializers.Contains(method.Name))
            {
                return QueryMethodKind.Executes;
            }

            return reduced.ReturnType.TypeKind == TypeKind.Interface && symbols.IsSequence(reduced.ReturnType)
                ? QueryMethodKind.Deferred
                : QueryMethodKind.Executes;
        }

        return QueryMethodKind.None;
    }

    /// <summary>
    /// Whether the operation is a query that has not run yet and starts at a <c>DbSet</c>, a <c>DbContext</c> method
    /// (<c>Set&lt;T&gt;()</c>, <c>FromSql</c>), <c>Database.SqlQuery</c> or an entry's <c>Query()</c>; locals are followed
    /// to their initializer. A materialised list (<c>ToList()</c> on the way) is not a query.
    /// </summary>
    public static bool IsEfQuery(IOperation? operation, EfSymbols symbols) => IsEfQuery(operation, symbols, 0);

    /// <summary>The calls of a chain from the outermost down to its root (the last item is the root operation).</summary>
    public static List<IOperation> Links(IOperation operation, EfSymbols symbols)
    {
        var links = new List<IOperation>();
        var current = Strip(operation);
        var depth = 0;
        while (true)
        {
            links.Add(current);
            if (current is IInvocationOperation invocation && Classify(invocation.TargetMethod, symbols) is QueryMethodKind.Deferred or QueryMethodKind.Executes or QueryMethodKind.Writes
                && Source(invocation) is { } source)
            {
                current = source;
                continue;
            }

            if (current is ILocalReferenceOperation local && depth++ < MaxLocalDepth && Initializer(local) is { } initializer)
            {
                current = initializer;
                continue;
            }

            return links;
        }
    }

    /// <summary>The initializer of a local declared with one (<c>var q = ...</c>), as an operation of the same tree.</summary>
    public static IOperation? Initializer(ILocalReferenceOperation local)
    {
        if (local.Local.DeclaringSyntaxReferences.Length != 1 || local.SemanticModel is null)
        {
            return null;
        }

        var syntax = local.Local.DeclaringSyntaxReferences[0].GetSyntax();
        if (syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } value }
            || value.SyntaxTree != local.SemanticModel.SyntaxTree)
        {
            return null;
        }

        // `x!` and `(x)` have no operation of their own.
        while (true)
        {
            if (value is Microsoft.CodeAnalysis.CSharp.Syntax.PostfixUnaryExpressionSyntax suppressed
                && suppressed.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression))
            {
                value = suppressed.Operand;
            }
            else if (value is Microsoft.CodeAnalysis.CSharp.Syntax.ParenthesizedExpressionSyntax parenthesized)
            {
                value = parenthesized.Expression;
            }
            else
            {
                break;
            }
        }

        return local.SemanticModel.GetOperation(value) is { } operation ? Strip(operation) : null;
    }

    private static bool IsEfQuery(IOperation? operation, EfSymbols symbols, int depth)
    {
        if (operation is null)
        {
            return false;
        }

        operation = Strip(operation);
        if (symbols.IsDbSet(operation.Type))
        {
            return true;
        }

        switch (operation)
        {
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                var returnsQuery = symbols.IsQueryable(method.ReturnType);
                if (returnsQuery && (symbols.IsDbContext(method.ContainingType)
                    || SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.RelationalDatabaseFacadeExtensions)
                    || (method.Name == "Query" && DerivesFrom(method.ContainingType, symbols.NavigationEntry))))
                {
                    return true;
                }

                return Classify(method, symbols) == QueryMethodKind.Deferred && IsEfQuery(Source(invocation), symbols, depth);
            case ILocalReferenceOperation local when depth < MaxLocalDepth && (symbols.IsQueryable(local.Type) || IsAsyncEnumerable(local.Type)):
                return IsEfQuery(Initializer(local), symbols, depth + 1);
            default:
                return false;
        }
    }

    private static bool IsAsyncEnumerable(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "IAsyncEnumerable", ContainingNamespace.Name: "Generic" };

    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }
}

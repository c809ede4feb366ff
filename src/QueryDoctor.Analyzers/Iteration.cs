using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QueryDoctor.Analyzers;

/// <summary>
/// The innermost code that runs an operation once per element: a loop whose body holds it, or a lambda passed to a
/// per-element method of an in-memory sequence (<c>Enumerable.Select</c>, <c>List&lt;T&gt;.ForEach</c>, ...).
/// </summary>
internal sealed class Iteration
{
    private Iteration(IOperation node, string description, IOperation? sequence, ISymbol? element)
    {
        Node = node;
        Description = description;
        Sequence = sequence;
        Element = element;
    }

    /// <summary>The loop, or the lambda.</summary>
    public IOperation Node { get; }

    /// <summary>Words for the message: "foreach loop", "lambda passed to Select".</summary>
    public string Description { get; }

    /// <summary>The sequence iterated (a foreach's collection, the per-element method's source), when known.</summary>
    public IOperation? Sequence { get; }

    /// <summary>The variable holding the current element (foreach variable, lambda parameter), when there is one.</summary>
    public ISymbol? Element { get; }

    public ILoopOperation? Loop => Node as ILoopOperation;

    /// <summary>
    /// The innermost iteration running <paramref name="operation"/> once per element, or <see langword="null"/>: not in
    /// one, or inside an expression tree (translated to SQL, never run) or another kind of lambda or local function
    /// (when it runs is unknown, so say nothing).
    /// </summary>
    public static Iteration? Enclosing(IOperation operation, EfSymbols symbols)
    {
        var child = operation;
        for (var node = operation.Parent; node is not null; child = node, node = node.Parent)
        {
            switch (node)
            {
                case IAnonymousFunctionOperation lambda:
                    return PerElement(lambda, symbols);
                case ILocalFunctionOperation:
                    return null;
                case ILoopOperation loop when ReferenceEquals(child, loop.Body):
                    return ForLoop(loop);
            }
        }

        return null;
    }

    /// <summary>The loop or per-element lambda, around <paramref name="operation"/>, whose element variable is <paramref name="element"/>.</summary>
    public static Iteration? Declaring(IOperation operation, ISymbol element, EfSymbols symbols)
    {
        var child = operation;
        for (var node = operation.Parent; node is not null; child = node, node = node.Parent)
        {
            Iteration? candidate = node switch
            {
                IAnonymousFunctionOperation lambda => PerElement(lambda, symbols),
                IForEachLoopOperation loop when ReferenceEquals(child, loop.Body) => ForLoop(loop),
                _ => null,
            };
            if (candidate is not null && SymbolEqualityComparer.Default.Equals(candidate.Element, element))
            {
                return candidate;
            }

            if (node is ILocalFunctionOperation)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="operation"/> sits inside an expression tree lambda (translated by the provider).</summary>
    public static bool InExpressionTree(IOperation operation, EfSymbols symbols)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation lambda && IsExpressionTree(lambda, symbols))
            {
                return true;
            }
        }

        return false;
    }

    private static Iteration ForLoop(ILoopOperation loop)
    {
        switch (loop)
        {
            case IForEachLoopOperation forEach:
                var element = forEach.LoopControlVariable is IVariableDeclaratorOperation declarator ? declarator.Symbol : null;
                return new Iteration(loop, forEach.IsAsynchronous ? "await foreach loop" : "foreach loop", QueryChain.Strip(forEach.Collection), element);
            case IForLoopOperation:
                return new Iteration(loop, "for loop", null, null);
            case IWhileLoopOperation { ConditionIsTop: false }:
                return new Iteration(loop, "do loop", null, null);
            default:
                return new Iteration(loop, "while loop", null, null);
        }
    }

    private static Iteration? PerElement(IAnonymousFunctionOperation lambda, EfSymbols symbols)
    {
        if (IsExpressionTree(lambda, symbols))
        {
            return null;
        }

        IOperation? parent = lambda.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation)
        {
            parent = parent.Parent;
        }

        if (parent is not IArgumentOperation { Parent: IInvocationOperation invocation })
        {
            return null;
        }

        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        IOperation? sequence;
        if (SymbolEqualityComparer.Default.Equals(type, symbols.Enumerable))
        {
            sequence = QueryChain.Source(invocation);
        }
        else if (method.Name == "ForEach" && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, symbols.List))
        {
            sequence = invocation.Instance is null ? null : QueryChain.Strip(invocation.Instance);
        }
        else if ((method.Name == "ForEach" && SymbolEqualityComparer.Default.Equals(type, symbols.Array))
            || (method.Name is "ForEach" or "ForEachAsync" && SymbolEqualityComparer.Default.Equals(type, symbols.Parallel)))
        {
            sequence = invocation.Arguments.Length > 0 ? QueryChain.Strip(invocation.Arguments[0].Value) : null;
        }
        else
        {
            return null;
        }

        var element = lambda.Symbol.Parameters.Length > 0 ? lambda.Symbol.Parameters[0] : null;
        return new Iteration(lambda, "lambda passed to " + method.Name, sequence, element);
    }

    private static bool IsExpressionTree(IAnonymousFunctionOperation lambda, EfSymbols symbols)
    {
        IOperation? parent = lambda.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation)
        {
            if (symbols.IsExpressionTree(parent.Type))
            {
                return true;
            }

            if (parent is IDelegateCreationOperation { Type.TypeKind: TypeKind.Delegate })
            {
                // A delegate: runs as code (and spares the semantic model query below on the hot path).
                return false;
            }

            parent = parent.Parent;
        }

        return lambda.SemanticModel?.GetTypeInfo(lambda.Syntax).ConvertedType is { } converted && symbols.IsExpressionTree(converted);
    }
}

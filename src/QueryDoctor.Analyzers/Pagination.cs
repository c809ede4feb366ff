using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace QueryDoctor.Analyzers;

/// <summary>
/// The runtime's pagination exemption, read from the code: a query with <c>Skip(x)</c> where x is not a constant
/// (offset paging), or with <c>Take</c> plus a range comparison of its first <c>OrderBy</c> key with a value that is not
/// a constant (keyset paging: <c>Where(p =&gt; p.Id &gt; last).OrderBy(p =&gt; p.Id).Take(n)</c>). A loop fetching pages
/// runs one query per page by design.
/// </summary>
internal static class Pagination
{
    public static bool IsPaginated(IOperation query, EfSymbols symbols)
    {
        var links = QueryChain.Links(query, symbols);
        var calls = links.OfType<IInvocationOperation>().ToList();
        if (calls.Any(c => c.TargetMethod.Name == "Skip" && c.Arguments.Length == 2 && !c.Arguments[1].Value.ConstantValue.HasValue))
        {
            return true;
        }

        if (!calls.Any(c => c.TargetMethod.Name == "Take"))
        {
            return false;
        }

        // Links run from the outermost call down: the first OrderBy met is the one that sets the order.
        var orderBy = calls.FirstOrDefault(c => c.TargetMethod.Name is "OrderBy" or "OrderByDescending");
        if (orderBy is null || orderBy.Arguments.Length < 2 || KeyProperty(Lambda(orderBy.Arguments[1].Value)) is not { } key)
        {
            return false;
        }

        foreach (var where in calls.Where(c => c.TargetMethod.Name == "Where" && c.Arguments.Length == 2))
        {
            if (Lambda(where.Arguments[1].Value) is { } predicate
                && predicate.Body.Descendants().OfType<IBinaryOperation>().Any(b => IsRangeOn(b, key)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether any query executed in <paramref name="body"/> pages (so the loop is a paging loop).</summary>
    public static bool ContainsPaginatedQuery(IOperation body, EfSymbols symbols)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation invocation
                && QueryChain.Classify(invocation.TargetMethod, symbols) == QueryMethodKind.Executes
                && QueryChain.Source(invocation) is { } source
                && QueryChain.IsEfQuery(source, symbols)
                && IsPaginated(source, symbols))
            {
                return true;
            }

            if (operation is ISpreadOperation spread && QueryChain.IsEfQuery(spread.Operand, symbols) && IsPaginated(spread.Operand, symbols))
            {
                return true;
            }
        }

        return false;
    }

    public static IAnonymousFunctionOperation? Lambda(IOperation argument)
    {
        var current = argument;
        while (true)
        {
            switch (current)
            {
                case IConversionOperation conversion:
                    current = conversion.Operand;
                    break;
                case IDelegateCreationOperation creation:
                    current = creation.Target;
                    break;
                case IAnonymousFunctionOperation lambda:
                    return lambda;
                default:
                    return null;
            }
        }
    }

    private static IPropertySymbol? KeyProperty(IAnonymousFunctionOperation? lambda)
    {
        if (lambda is null)
        {
            return null;
        }

        var body = lambda.Body.Operations.Length == 1 && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } value } ? value : null;
        return body is null ? null : (QueryChain.Strip(body) as IPropertyReferenceOperation)?.Property;
    }

    private static bool IsRangeOn(IBinaryOperation comparison, IPropertySymbol key)
    {
        if (comparison.OperatorKind is not (BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
            or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual))
        {
            return false;
        }

        var left = QueryChain.Strip(comparison.LeftOperand);
        var right = QueryChain.Strip(comparison.RightOperand);
        return (IsKey(left, key) && !right.ConstantValue.HasValue) || (IsKey(right, key) && !left.ConstantValue.HasValue);
    }

    private static bool IsKey(IOperation operation, IPropertySymbol key) =>
        operation is IPropertyReferenceOperation { Instance: IParameterReferenceOperation } reference
        && SymbolEqualityComparer.Default.Equals(reference.Property.OriginalDefinition, key.OriginalDefinition);
}

using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace QueryDoctor.Analyzers;

/// <summary>
/// QD0005: a virtual navigation (what lazy-loading proxies load on first read) read from the current element of a
/// loop or per-element lambda, where the elements provably came from an EF Core query that did not Include it.
/// Elements of unknown origin are left alone: they may have been loaded with the navigation.
/// </summary>
internal static class LazyLoads
{
    private const int MaxDepth = 6;

    public static void Analyze(OperationAnalysisContext context, EfSymbols symbols)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        var property = reference.Property;
        if (!(property.IsVirtual || property.IsOverride) || property.IsStatic || property.GetMethod is null
            || reference.Instance is null
            || symbols.NavigationTarget(property, out _) is not { } target
            || IsAssigned(reference)
            || !symbols.IsEntity(property.ContainingType) || !symbols.IsEntity(target))
        {
            return;
        }

        var ownerSymbol = QueryChain.Strip(reference.Instance) switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (ownerSymbol is null || Iteration.Enclosing(reference, symbols) is not { } iteration
            || !SymbolEqualityComparer.Default.Equals(iteration.Element, ownerSymbol)
            || iteration.Sequence is null
            || !LoadedWithout(iteration.Sequence, property.Name, symbols, 0))
        {
            return;
        }

        var syntax = reference.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access ? access.Name : reference.Syntax;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.LazyLoadPerIteration,
            syntax.GetLocation(),
            property.ContainingType.Name + "." + property.Name,
            iteration.Description,
            property.Name));
    }

    /// <summary>
    /// Whether the elements of <paramref name="sequence"/> provably come from an EF Core query (directly, through
    /// locals, or as a navigation of such an entity) and no Include on the way names <paramref name="navigation"/>.
    /// </summary>
    private static bool LoadedWithout(IOperation sequence, string navigation, EfSymbols symbols, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        var links = QueryChain.Links(sequence, symbols);
        if (Includes.MentionsNavigation(links, navigation, symbols))
        {
            return false;
        }

        var root = links[links.Count - 1];
        if (QueryChain.IsEfQuery(root, symbols) || IsFind(root, symbols))
        {
            return true;
        }

        if (root is not IPropertyReferenceOperation { Instance: { } instance } parentNavigation || !symbols.IsEntity(parentNavigation.Property.ContainingType))
        {
            return false;
        }

        // The sequence is a navigation (calendar.Lists): trace where its owner came from.
        var owner = QueryChain.Strip(instance);
        switch (owner)
        {
            case ILocalReferenceOperation local when QueryChain.Initializer(local) is { } initializer:
                return LoadedWithout(initializer, navigation, symbols, depth + 1);
            case ILocalReferenceOperation local:
                return Iteration.Declaring(owner, local.Local, symbols) is { Sequence: { } outerSequence } && LoadedWithout(outerSequence, navigation, symbols, depth + 1);
            case IParameterReferenceOperation parameter:
                return Iteration.Declaring(owner, parameter.Parameter, symbols) is { Sequence: { } lambdaSequence } && LoadedWithout(lambdaSequence, navigation, symbols, depth + 1);
            default:
                return false;
        }
    }

    private static bool IsFind(IOperation operation, EfSymbols symbols) =>
        operation is IInvocationOperation { TargetMethod.Name: "Find" or "FindAsync" } find
        && (symbols.IsDbSet(find.TargetMethod.ContainingType) || symbols.IsDbContext(find.TargetMethod.ContainingType));

    private static bool IsAssigned(IOperation reference) =>
        reference.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, reference);
}

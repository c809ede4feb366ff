using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace QueryDoctor.Analyzers;

/// <summary>
/// Finds EF Core round trips that run once per loop iteration (QD0001 queries, QD0002 explicit loads, QD0003 writes,
/// QD0005 lazy loads) and queries that include sibling collections without <c>AsSplitQuery()</c> (QD0004): the same
/// problems the runtime rules <c>n-plus-one</c>, <c>n-plus-one-write</c> and <c>cartesian-explosion</c> report, found
/// before the code runs. EF Core types are recognised by symbol; a compilation without EF Core is not analyzed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoopQueryAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.QueryPerIteration,
        Descriptors.ExplicitLoadPerIteration,
        Descriptors.WritePerIteration,
        Descriptors.SiblingCollectionIncludes,
        Descriptors.LazyLoadPerIteration);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        if (context is null)
        {
            throw new ArgumentNullException(nameof(context));
        }

        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (EfSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeForEach(c, symbols), OperationKind.Loop);
            start.RegisterOperationAction(c => AnalyzeSpread(c, symbols), OperationKind.Spread);
            start.RegisterOperationAction(c => LazyLoads.Analyze(c, symbols), OperationKind.PropertyReference);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, EfSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (Includes.IsInclude(method, symbols))
        {
            AnalyzeIncludes(context, invocation, symbols);
            return;
        }

        var descriptor = Classify(invocation, symbols, out var query);
        if (descriptor is null || Iteration.Enclosing(invocation, symbols) is not { } iteration || IsBatch(iteration, symbols))
        {
            return;
        }

        if (iteration.Loop is { } loop
            && ((query is not null && Pagination.IsPaginated(query, symbols))
                || (descriptor == Descriptors.WritePerIteration && Pagination.ContainsPaginatedQuery(loop.Body, symbols))))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(descriptor, NameLocation(invocation), method.Name + "()", iteration.Description));
    }

    /// <summary>The descriptor an invocation falls under, if any; <paramref name="query"/> is the query it runs.</summary>
    private static DiagnosticDescriptor? Classify(IInvocationOperation invocation, EfSymbols symbols, out IOperation? query)
    {
        query = null;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (QueryChain.Classify(method, symbols))
        {
            case QueryMethodKind.Executes when QueryChain.Source(invocation) is { } source && QueryChain.IsEfQuery(source, symbols):
                query = source;
                return Descriptors.QueryPerIteration;
            case QueryMethodKind.Writes when QueryChain.Source(invocation) is { } source && QueryChain.IsEfQuery(source, symbols):
                return Descriptors.WritePerIteration;
        }

        switch (method.Name)
        {
            case "Load" or "LoadAsync" when QueryChain.DerivesFrom(type, symbols.NavigationEntry):
                return Descriptors.ExplicitLoadPerIteration;
            case "Find" or "FindAsync" when symbols.IsDbSet(type) || symbols.IsDbContext(type):
                return Descriptors.QueryPerIteration;
            case "SaveChanges" or "SaveChangesAsync" when symbols.IsDbContext(type):
                return Descriptors.WritePerIteration;
            default:
                return method.Name.StartsWith("ExecuteSql", StringComparison.Ordinal)
                    && SymbolEqualityComparer.Default.Equals(type, symbols.RelationalDatabaseFacadeExtensions)
                    ? Descriptors.WritePerIteration
                    : null;
        }
    }

    private static void AnalyzeForEach(OperationAnalysisContext context, EfSymbols symbols)
    {
        // Enumerating a query (foreach / await foreach over it) runs it once: only a problem when that loop is itself
        // run once per element of another.
        if (context.Operation is not IForEachLoopOperation forEach || !QueryChain.IsEfQuery(forEach.Collection, symbols))
        {
            return;
        }

        ReportEnumeration(context, forEach, QueryChain.Strip(forEach.Collection), symbols);
    }

    private static void AnalyzeSpread(OperationAnalysisContext context, EfSymbols symbols)
    {
        var spread = (ISpreadOperation)context.Operation;
        if (QueryChain.IsEfQuery(spread.Operand, symbols))
        {
            ReportEnumeration(context, spread, QueryChain.Strip(spread.Operand), symbols);
        }
    }

    private static void ReportEnumeration(OperationAnalysisContext context, IOperation enumeration, IOperation query, EfSymbols symbols)
    {
        if (Iteration.Enclosing(enumeration, symbols) is not { } iteration || IsBatch(iteration, symbols)
            || (iteration.Loop is not null && Pagination.IsPaginated(query, symbols)))
        {
            return;
        }

        var name = query is IInvocationOperation call ? call.TargetMethod.Name + "()" : query.Syntax.ToString();
        var location = query is IInvocationOperation invocation ? NameLocation(invocation) : query.Syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.QueryPerIteration, location, name, iteration.Description));
    }

    private static void AnalyzeIncludes(OperationAnalysisContext context, IInvocationOperation include, EfSymbols symbols)
    {
        // Judged once per chain, at its outermost Include/ThenInclude; AsSplitQuery() needs the relational provider.
        if (symbols.RelationalQueryableExtensions is null
            || (Includes.Outer(include) is { } outer && Includes.IsInclude(outer.TargetMethod, symbols))
            || Includes.SiblingCollections(include, symbols) is not { } siblings)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SiblingCollectionIncludes, NameLocation(include), siblings.First, siblings.Second));
    }

    /// <summary>
    /// A loop over batches (each element is itself a sequence, as from <c>Chunk</c>) runs one statement per batch by
    /// design; the runtime judges those by their count.
    /// </summary>
    private static bool IsBatch(Iteration iteration, EfSymbols symbols) =>
        iteration.Element switch
        {
            ILocalSymbol local => symbols.IsSequence(local.Type),
            IParameterSymbol parameter => symbols.IsSequence(parameter.Type),
            _ => false,
        };

    /// <summary>From the method's name to the end of the call: <c>context.Users.|ToList()|</c>.</summary>
    internal static Location NameLocation(IInvocationOperation invocation)
    {
        if (invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } syntax)
        {
            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(access.Name.SpanStart, syntax.Span.End));
        }

        return invocation.Syntax.GetLocation();
    }
}

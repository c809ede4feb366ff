using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace QueryDoctor.Analyzers;

/// <summary>
/// Fixes QD0003 for <c>SaveChanges</c> by moving the call from the loop body to just after the loop, so the loop's
/// changes are saved in one round trip. Offered only where that keeps the code's meaning: the call is a statement of
/// its own directly in the loop's body, its context comes from outside the loop, nothing after it in the body reads
/// the database or calls anything (only counters of locals), and the body never leaves early by return, throw,
/// yield or goto (which would skip the moved save).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SaveChangesOutOfLoopCodeFix))]
[Shared]
public sealed class SaveChangesOutOfLoopCodeFix : CodeFixProvider
{
    private const string Title = "Save once after the loop";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.WritePerIteration);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .OfType<InvocationExpressionSyntax>()
                .FirstOrDefault(i => i.Span.End == diagnostic.Location.SourceSpan.End);
            if (invocation is not null && Movable(invocation, model, context.CancellationToken) is { } move)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, token => MoveAsync(context.Document, move.Statement, move.Loop, token), equivalenceKey: Title),
                    diagnostic);
            }
        }
    }

    private static (ExpressionStatementSyntax Statement, StatementSyntax Loop)? Movable(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        if (invocation.Expression is not (MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SaveChanges" or "SaveChangesAsync" } or IdentifierNameSyntax { Identifier.ValueText: "SaveChanges" or "SaveChangesAsync" }))
        {
            return null;
        }

        // The call must be the whole statement: `context.SaveChanges();` or `await context.SaveChangesAsync(...)[.ConfigureAwait(..)];`.
        SyntaxNode expression = invocation;
        if (expression.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configured })
        {
            expression = configured;
        }

        if (expression.Parent is AwaitExpressionSyntax awaited)
        {
            expression = awaited;
        }

        if (expression.Parent is not ExpressionStatementSyntax statement
            || statement.Parent is not BlockSyntax body
            || body.Parent is not (ForEachStatementSyntax or ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
            || body.Parent is not StatementSyntax loop
            || loop.Parent is not BlockSyntax)
        {
            return null;
        }

        if (ExitsEarly(body) || !OnlyCountersAfter(body, statement, model, cancellationToken) || UsesLoopState(invocation, loop, model, cancellationToken)
            || ReadsDatabase(loop, invocation, model, cancellationToken))
        {
            return null;
        }

        return (statement, loop);
    }

    private static bool ExitsEarly(BlockSyntax body) =>
        body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(n => n is ReturnStatementSyntax or ThrowStatementSyntax or ThrowExpressionSyntax or YieldStatementSyntax or GotoStatementSyntax);

    private static bool OnlyCountersAfter(BlockSyntax body, StatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var after in body.Statements.SkipWhile(s => s != statement).Skip(1))
        {
            if (after is not ExpressionStatementSyntax { Expression: var expression })
            {
                return false;
            }

            var target = expression switch
            {
                PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) => prefix.Operand,
                AssignmentExpressionSyntax assignment when !assignment.Right.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or ObjectCreationExpressionSyntax or AwaitExpressionSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax) => assignment.Left,
                _ => null,
            };
            if (target is not IdentifierNameSyntax || model.GetSymbolInfo(target, cancellationToken).Symbol is not ILocalSymbol)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the loop (its condition included) reads the database anywhere but in the save: a later iteration's query
    /// would then miss the rows the moved save no longer wrote (check-then-insert, "while any pending").
    /// </summary>
    private static bool ReadsDatabase(StatementSyntax loop, InvocationExpressionSyntax save, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var node in loop.DescendantNodes())
        {
            if (node is ForEachStatementSyntax forEach && forEach != loop
                && model.GetTypeInfo(forEach.Expression, cancellationToken).Type is { } collection && IsQuery(collection))
            {
                return true;
            }

            if (node is not InvocationExpressionSyntax call || call == save || save.Span.Contains(call.Span)
                || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method)
            {
                continue;
            }

            var type = method.ContainingType;
            var inEfCore = type.ContainingNamespace?.ToDisplayString() == "Microsoft.EntityFrameworkCore";
            if (type.ToDisplayString() == "System.Linq.Queryable"
                || (inEfCore && type.Name is "EntityFrameworkQueryableExtensions" or "RelationalQueryableExtensions" or "RelationalDatabaseFacadeExtensions")
                || (inEfCore && method.Name is "Find" or "FindAsync")
                || (type.ToDisplayString() == "System.Linq.Enumerable" && (method.ReducedFrom ?? method).Parameters.FirstOrDefault()?.Type is not null
                    && call.Expression is MemberAccessExpressionSyntax access && model.GetTypeInfo(access.Expression, cancellationToken).Type is { } source && IsQuery(source)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsQuery(ITypeSymbol type) =>
        type.AllInterfaces.Any(i => i.ToDisplayString() == "System.Linq.IQueryable") || type.ToDisplayString() == "System.Linq.IQueryable"
        || type.AllInterfaces.Any(i => i.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IAsyncEnumerable<T>");

    /// <summary>Whether the call's context or arguments are locals declared inside the loop (a context per iteration).</summary>
    private static bool UsesLoopState(InvocationExpressionSyntax invocation, StatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var name in invocation.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(name, cancellationToken).Symbol is ILocalSymbol local
                && local.DeclaringSyntaxReferences.Any(r => loop.Span.Contains(r.Span)))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<Document> MoveAsync(Document document, ExpressionStatementSyntax statement, StatementSyntax loop, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || loop.Parent is not BlockSyntax block)
        {
            return document;
        }

        var indentation = loop.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        var endOfLine = statement.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var moved = statement
            .WithLeadingTrivia(indentation == default ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(indentation))
            .WithTrailingTrivia(endOfLine == default ? SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed) : SyntaxFactory.TriviaList(endOfLine));
        var newLoop = loop.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia)!;
        var newBlock = block.ReplaceNode(loop, new SyntaxNode[] { newLoop, moved });
        return document.WithSyntaxRoot(root.ReplaceNode(block, newBlock));
    }
}

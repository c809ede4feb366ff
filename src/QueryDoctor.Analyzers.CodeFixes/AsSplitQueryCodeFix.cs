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
/// Fixes QD0004 by appending <c>.AsSplitQuery()</c> after the query's last Include/ThenInclude: EF Core then loads
/// each included collection with its own statement instead of one statement returning the product of their rows.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsSplitQueryCodeFix))]
[Shared]
public sealed class AsSplitQueryCodeFix : CodeFixProvider
{
    private const string Title = "Add AsSplitQuery()";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SiblingCollectionIncludes);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .OfType<InvocationExpressionSyntax>()
                .FirstOrDefault(i => i.Span.End == diagnostic.Location.SourceSpan.End);
            if (invocation?.Expression is not MemberAccessExpressionSyntax)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, token => AddAsync(context.Document, invocation, token), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document> AddAsync(Document document, InvocationExpressionSyntax include, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || include.Expression is not MemberAccessExpressionSyntax access)
        {
            return document;
        }

        // A chain written one call per line gets the new call on a line of its own, indented like the Include.
        var onOwnLine = access.Expression.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        ExpressionSyntax receiver = include.WithoutTrailingTrivia();
        var dot = SyntaxFactory.Token(SyntaxKind.DotToken);
        if (onOwnLine)
        {
            receiver = receiver.WithTrailingTrivia(access.Expression.GetTrailingTrivia());
            dot = dot.WithLeadingTrivia(access.OperatorToken.LeadingTrivia);
        }

        var split = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, dot, SyntaxFactory.IdentifierName("AsSplitQuery")))
            .WithTrailingTrivia(include.GetTrailingTrivia());
        return document.WithSyntaxRoot(root.ReplaceNode(include, split));
    }
}

using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace QueryDoctor.Analyzers;

/// <summary>
/// The EF Core and LINQ types the analyzer recognises, resolved once per compilation by metadata name, so that a
/// user type called <c>DbSet</c> is never taken for EF Core's.
/// </summary>
internal sealed class EfSymbols
{
    private readonly Compilation _compilation;
    private HashSet<ITypeSymbol>? _entityTypes;

    private EfSymbols(Compilation compilation, INamedTypeSymbol dbContext)
    {
        _compilation = compilation;
        DbContext = dbContext;
        DbSet = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbSet`1");
        EfQueryableExtensions = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
        RelationalQueryableExtensions = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions");
        RelationalDatabaseFacadeExtensions = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
        NavigationEntry = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.ChangeTracking.NavigationEntry");
        Queryable = compilation.GetTypeByMetadataName("System.Linq.Queryable");
        Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
        NonGenericQueryable = compilation.GetTypeByMetadataName("System.Linq.IQueryable");
        LambdaExpression = compilation.GetTypeByMetadataName("System.Linq.Expressions.LambdaExpression");
        List = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1");
        Array = compilation.GetSpecialType(SpecialType.System_Array);
        Parallel = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
        Enumerable1 = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
    }

    public INamedTypeSymbol DbContext { get; }

    public INamedTypeSymbol? DbSet { get; }

    public INamedTypeSymbol? EfQueryableExtensions { get; }

    public INamedTypeSymbol? RelationalQueryableExtensions { get; }

    public INamedTypeSymbol? RelationalDatabaseFacadeExtensions { get; }

    public INamedTypeSymbol? NavigationEntry { get; }

    public INamedTypeSymbol? Queryable { get; }

    public INamedTypeSymbol? Enumerable { get; }

    public INamedTypeSymbol? NonGenericQueryable { get; }

    public INamedTypeSymbol? LambdaExpression { get; }

    public INamedTypeSymbol? List { get; }

    public INamedTypeSymbol Array { get; }

    public INamedTypeSymbol? Parallel { get; }

    public INamedTypeSymbol Enumerable1 { get; }

    /// <summary>The symbols, or <see langword="null"/> when the compilation does not reference EF Core (nothing to analyze).</summary>
    public static EfSymbols? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext") is { } dbContext
            ? new EfSymbols(compilation, dbContext)
            : null;

    public bool IsDbContext(ITypeSymbol? type) => DerivesFrom(type, DbContext);

    public bool IsDbSet(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, DbSet))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the type is (or implements) <c>System.Linq.IQueryable</c>: every EF Core query shape does.</summary>
    public bool IsQueryable(ITypeSymbol? type)
    {
        if (type is null || NonGenericQueryable is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type, NonGenericQueryable))
        {
            return true;
        }

        foreach (var face in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(face, NonGenericQueryable))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the type is a sequence (implements <c>IEnumerable&lt;T&gt;</c>) other than <c>string</c>.</summary>
    public bool IsSequence(ITypeSymbol? type) => ElementType(type) is not null;

    /// <summary>The <c>T</c> of the <c>IEnumerable&lt;T&gt;</c> the type is or implements (not for <c>string</c>).</summary>
    public ITypeSymbol? ElementType(ITypeSymbol? type)
    {
        if (type is null || type.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Enumerable1))
        {
            return named.TypeArguments[0];
        }

        foreach (var face in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(face.OriginalDefinition, Enumerable1))
            {
                return face.TypeArguments[0];
            }
        }

        return null;
    }

    /// <summary>Whether the type is an expression tree type (<c>Expression&lt;TDelegate&gt;</c>): its lambdas are translated, never run.</summary>
    public bool IsExpressionTree(ITypeSymbol? type) => DerivesFrom(type, LambdaExpression);

    /// <summary>
    /// Entity types: the <c>T</c> of every <c>DbSet&lt;T&gt;</c> property of a <c>DbContext</c> declared in this
    /// compilation, and, transitively, the types their virtual navigations point at.
    /// </summary>
    public bool IsEntity(ITypeSymbol? type) =>
        type is not null && LazyInitializer.EnsureInitialized(ref _entityTypes, FindEntityTypes)!.Contains(type.OriginalDefinition);

    /// <summary>The entity type a navigation property points at (itself or its collection's element), or <see langword="null"/>.</summary>
    public ITypeSymbol? NavigationTarget(IPropertySymbol property, out bool isCollection)
    {
        isCollection = false;
        var type = property.Type;
        if (type.TypeKind == TypeKind.Class && type.SpecialType == SpecialType.None && ElementType(type) is null)
        {
            return type;
        }

        if (ElementType(type) is { TypeKind: TypeKind.Class, SpecialType: SpecialType.None } element)
        {
            isCollection = true;
            return element;
        }

        return null;
    }

    private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
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

    private HashSet<ITypeSymbol> FindEntityTypes()
    {
        var entities = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ITypeSymbol>();
        foreach (var type in SourceTypes(_compilation.Assembly.GlobalNamespace))
        {
            if (!IsDbContext(type))
            {
                continue;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IPropertySymbol { Type: INamedTypeSymbol propertyType } && IsDbSet(propertyType) && propertyType.TypeArguments.Length == 1
                    && entities.Add(propertyType.TypeArguments[0].OriginalDefinition))
                {
                    pending.Push(propertyType.TypeArguments[0].OriginalDefinition);
                }
            }
        }

        while (pending.Count > 0)
        {
            var entity = pending.Pop();
            foreach (var member in entity.GetMembers())
            {
                if (member is IPropertySymbol { IsVirtual: true } or IPropertySymbol { IsOverride: true }
                    && NavigationTarget((IPropertySymbol)member, out _) is { } target
                    && SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, _compilation.Assembly)
                    && entities.Add(target.OriginalDefinition))
                {
                    pending.Push(target.OriginalDefinition);
                }
            }
        }

        return entities;
    }

    private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceSymbol root)
    {
        var namespaces = new Stack<INamespaceOrTypeSymbol>();
        namespaces.Push(root);
        while (namespaces.Count > 0)
        {
            var current = namespaces.Pop();
            foreach (var member in current.GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    namespaces.Push(ns);
                }
                else if (member is INamedTypeSymbol type)
                {
                    yield return type;
                    namespaces.Push(type);
                }
            }
        }
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.Recording;
using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.EntityFrameworkCore;

/// <summary>
/// Rewrites findings in the terms of the EF model the commands came from: an N+1 on a foreign key names the
/// navigation to <c>Include</c>, a write loop names the entity and the batch or set-based fix, and a query that
/// joins two sibling collections is reported as <c>cartesian-explosion</c> with <c>AsSplitQuery()</c>.
/// </summary>
internal sealed class ModelFindingEnricher : IFindingEnricher
{
    /// <summary>Prefix of the group note the lazy-loading listener leaves: <c>lazy:Calendar.Members</c>.</summary>
    public const string LazyNotePrefix = "lazy:";

    private readonly EntityFrameworkCapture _owner;

    public ModelFindingEnricher(EntityFrameworkCapture owner)
    {
        _owner = owner;
    }

    public IReadOnlyList<Finding> Enrich(FindingEnrichmentContext context)
    {
        var scope = context.Scope;
        var findings = context.Findings;
        var models = _owner.Models;
        if (models.Length == 0)
        {
            return findings;
        }

        // A clean scope (most requests) allocates nothing here unless a group is a cartesian join.
        List<Finding>? result = findings.Count == 0 ? null : new List<Finding>(findings.Count);
        var lazy = findings.Count == 0 ? null : LazyLoads(models, context, findings);
        foreach (var finding in findings)
        {
            if (finding.Rule == RuleIds.CheckThenInsert && IsUniqueInModel(models, finding))
            {
                // The model's key, alternate key or unique index already makes the insert fail on a race.
                continue;
            }

            result!.Add(finding.Rule switch
            {
                RuleIds.NPlusOne => (lazy!.TryGetValue(finding, out var load) ? ForLazyLoad(finding, load, lazy.Values) : null) ?? ForNPlusOne(models, finding),
                RuleIds.NPlusOneWrite => ForWriteLoop(models, scope, finding),
                _ => finding,
            });
        }

        var detection = context.Detection;
        if (detection.IsEnabled(RuleIds.CartesianExplosion))
        {
            for (var groupIndex = 0; groupIndex < scope.Groups.Count; groupIndex++)
            {
                var group = scope.Groups[groupIndex];
                if (Cartesian(models, group) is { } collections)
                {
                    (result ??= []).Add(new Finding
                    {
                        Rule = RuleIds.CartesianExplosion,
                        Severity = detection.SeverityOf(RuleIds.CartesianExplosion),
                        Scope = scope.Name,
                        Message = string.Create(
                            CultureInfo.InvariantCulture,
                            $"One query loads the collections {string.Join(" and ", collections)} through joins{At(group.CallSite)}: every combination of their rows is sent{RowsText(group)}"),
                        Count = group.Count,
                        Fingerprint = group.Fingerprint.Id,
                        Sql = group.Fingerprint.Text,
                        CallSite = group.CallSite.IsUnknown ? null : group.CallSite.Text,
                        Table = group.Fingerprint.MainTable,
                        Rows = group.MaxRows,
                        Suggestion = "Add .AsSplitQuery() to the query (one query per collection), or load the collections separately.",
                    });
                }
            }
        }

        return result ?? findings;
    }

    private static string RowsText(StatementGroup group) =>
        group.MaxRows is { } rows ? string.Create(CultureInfo.InvariantCulture, $" ({rows} rows)") : "";

    private static string At(CallSite site) => site.IsUnknown ? "" : " at " + site.Text;

    /// <summary>The n-plus-one findings whose commands EF announced as lazy loads, with the navigation each loaded.</summary>
    private static Dictionary<Finding, LazyLoad> LazyLoads(IModel[] models, in FindingEnrichmentContext context, IReadOnlyList<Finding> findings)
    {
        var loads = new Dictionary<Finding, LazyLoad>(ReferenceEqualityComparer.Instance);
        foreach (var finding in findings)
        {
            if (finding.Rule != RuleIds.NPlusOne
                || context.NoteFor(finding) is not { } note
                || !note.StartsWith(LazyNotePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = note[LazyNotePrefix.Length..];
            var dot = name.LastIndexOf('.');
            if (dot <= 0)
            {
                continue;
            }

            var owner = name[..dot];
            var navigation = name[(dot + 1)..];
            string? target = null;
            foreach (var model in models)
            {
                var entity = model.GetEntityTypes().FirstOrDefault(e => e.ClrType.Name == owner);
                if ((entity?.FindNavigation(navigation) ?? (INavigationBase?)entity?.FindSkipNavigation(navigation)) is { } found)
                {
                    target = found.TargetEntityType.ClrType.Name;
                    break;
                }
            }

            loads[finding] = new LazyLoad(owner, navigation, target);
        }

        return loads;
    }

    /// <summary>An N+1 whose commands EF announced as lazy loads: the navigation is known by name.</summary>
    private static Finding ForLazyLoad(Finding finding, LazyLoad load, IEnumerable<LazyLoad> all)
    {
        var name = load.Owner + "." + load.Navigation;
        var message = string.Create(CultureInfo.InvariantCulture, $"{name} lazily loaded {finding.Count} times{AtText(finding)}, once per {load.Owner}") + DistinctText(finding);
        if (load.Target == load.Owner)
        {
            return finding with
            {
                Message = message,
                Suggestion = TreeSuggestion(load.Owner, load.Navigation, finding.Table),
            };
        }

        // Nested lazy loads (Blog.Posts, then Post.Comments per post): one Include chain on the root query.
        var loads = all.Where(l => l.Target != l.Owner).ToList();
        var path = new List<LazyLoad> { load };
        while (path.Count < 5 && loads.FirstOrDefault(l => l.Target == path[0].Owner && !path.Contains(l)) is { } parent)
        {
            path.Insert(0, parent);
        }

        while (path.Count < 5 && loads.FirstOrDefault(l => l.Owner == path[^1].Target && !path.Contains(l)) is { } child)
        {
            path.Add(child);
        }

        var root = path[0].Owner;
        var include = new System.Text.StringBuilder();
        include.Append(".Include(").Append(Lambda(root)).Append(" => ").Append(Lambda(root)).Append('.').Append(path[0].Navigation).Append(')');
        foreach (var step in path.Skip(1))
        {
            include.Append(".ThenInclude(").Append(Lambda(step.Owner)).Append(" => ").Append(Lambda(step.Owner)).Append('.').Append(step.Navigation).Append(')');
        }

        return finding with
        {
            Message = message,
            Suggestion = $"Eager-load it: add {include} to the query that loads the {root} rows "
                + "(with .AsSplitQuery() when it includes several collections), or load the related rows for all of them with one query and a dictionary.",
        };
    }

    private static string TreeSuggestion(string owner, string navigation, string? table) =>
        $"{owner}.{navigation} is a tree loaded one level at a time, and .Include loads one level per call: load the whole {table ?? owner} table once "
        + $"(EF links every {owner}.{navigation} as the rows arrive), or only the subtree with a recursive CTE (WITH RECURSIVE … through FromSql), "
        + "and walk it in memory.";

    private static string DistinctText(Finding finding) =>
        finding.Count is { } count && FindingText.DistinctValuesText(count, finding.DistinctValues) is { } text ? " (" + text + ")" : "";

    private static Finding ForNPlusOne(IModel[] models, Finding finding)
    {
        if (finding.Table is not { } tableName || finding.Columns is not { Count: > 0 } columns)
        {
            return finding;
        }

        var aggregate = finding.Sql is { } sql ? FindingText.AggregateOf(SqlFingerprint.Of(sql)) : SqlAggregate.None;
        foreach (var model in models)
        {
            var table = FindTable(model, tableName);
            if (table is null)
            {
                continue;
            }

            // The query filters the dependent table by exactly one foreign key's columns: the SQL itself says which
            // collection it loads (or counts) once per principal.
            foreach (var constraint in table.ForeignKeyConstraints)
            {
                if (!SameColumns(constraint.Columns, columns))
                {
                    continue;
                }

                foreach (var foreignKey in constraint.MappedForeignKeys)
                {
                    if (foreignKey.PrincipalToDependent is not { } navigation)
                    {
                        continue;
                    }

                    var owner = foreignKey.PrincipalEntityType.ClrType.Name;
                    var dependent = foreignKey.DeclaringEntityType.ClrType.Name;
                    var name = owner + "." + navigation.Name;
                    var key = foreignKey.Properties[0].Name;
                    var o = Lambda(owner);
                    var d = Lambda(dependent);
                    switch (aggregate)
                    {
                        case SqlAggregate.Count:
                            return finding with
                            {
                                Suggestion = $"Count them in the query that loads the {owner} rows: .Select({o} => new {{ {owner} = {o}, {navigation.Name}Count = {o}.{navigation.Name}.Count() }}), "
                                    + $"or count them all at once: .GroupBy({d} => {d}.{key}).Select(g => new {{ g.Key, Count = g.Count() }}) into a dictionary.",
                            };
                        case SqlAggregate.Exists:
                            return finding with
                            {
                                Suggestion = $"Compute it in the query that loads the {owner} rows: .Select({o} => new {{ {owner} = {o}, Has{navigation.Name} = {o}.{navigation.Name}.Any() }}), "
                                    + $"or fetch every {key} that has {dependent} rows at once: .GroupBy({d} => {d}.{key}).Select(g => g.Key) into a set.",
                            };
                        case SqlAggregate.Other:
                            return finding with
                            {
                                Suggestion = $"Aggregate in the query that loads the {owner} rows (.Select({o} => new {{ {owner} = {o}, Total = {o}.{navigation.Name}.Sum(…) }})), "
                                    + $"or all at once: .GroupBy({d} => {d}.{key}) into a dictionary.",
                            };
                    }

                    if (ReferenceEquals(constraint.PrincipalTable, table))
                    {
                        // Category.Children per category, level by level: Include would load one level only.
                        return finding with
                        {
                            Message = string.Create(CultureInfo.InvariantCulture, $"{name} loaded {finding.Count} times{AtText(finding)}, once per {owner} ({finding.Table} by {string.Join(", ", columns)})") + DistinctText(finding),
                            Suggestion = TreeSuggestion(owner, navigation.Name, finding.Table),
                        };
                    }

                    return finding with
                    {
                        Message = string.Create(CultureInfo.InvariantCulture, $"{name} loaded {finding.Count} times{AtText(finding)}, once per {owner} ({finding.Table} by {string.Join(", ", columns)})") + DistinctText(finding),
                        Suggestion = $"Eager-load it: add .Include({o} => {o}.{navigation.Name}) to the query that loads the {owner} rows "
                            + $"(with .AsSplitQuery() when it includes several collections), or load the {dependent} rows "
                            + $"for all of them with one query (WHERE {columns[0]} IN …) and group them in a dictionary.",
                    };
                }
            }

            // The query fetches one row by its key. Which navigation, if any, the loop follows is not in the SQL
            // (a loop over posts calling GetName(post.AuthorId) looks the same as Blog.Owner): describe the lookup,
            // and name the navigations that lead to the table only as candidates.
            if (table.PrimaryKey is { } primaryKey && SameColumns(primaryKey.Columns, columns) && aggregate == SqlAggregate.None)
            {
                var entity = table.EntityTypeMappings.FirstOrDefault()?.TypeBase.ClrType.Name ?? tableName;
                var candidates = new List<string>();
                foreach (var other in model.GetRelationalModel().Tables)
                {
                    foreach (var constraint in other.ForeignKeyConstraints)
                    {
                        if (!ReferenceEquals(constraint.PrincipalTable, table))
                        {
                            continue;
                        }

                        foreach (var foreignKey in constraint.MappedForeignKeys)
                        {
                            if (foreignKey.DependentToPrincipal is { } navigation && candidates.Count < 4)
                            {
                                var candidate = foreignKey.DeclaringEntityType.ClrType.Name + "." + navigation.Name;
                                if (!candidates.Contains(candidate))
                                {
                                    candidates.Add(candidate);
                                }
                            }
                        }
                    }
                }

                var keyList = string.Join(", ", columns);
                return finding with
                {
                    Suggestion = $"Load all the {entity} rows the loop needs with one query (WHERE {keyList} IN …, e.g. .Where(x => ids.Contains(x.{columns[0]}))) and look them up in a dictionary; "
                        + (candidates.Count > 0
                            ? $"if the ids come from a navigation of the rows being looped over ({string.Join(", ", candidates)}), .Include it in the query that loads those rows."
                            : "or pass the rows down instead of their ids."),
                };
            }
        }

        return finding;
    }

    /// <summary>Whether the model declares (table, columns) unique: a key, an alternate key or a unique index on a subset of the columns.</summary>
    private static bool IsUniqueInModel(IModel[] models, Finding finding)
    {
        if (finding.Table is not { } tableName || finding.Columns is not { Count: > 0 } columns)
        {
            return false;
        }

        foreach (var model in models)
        {
            if (FindTable(model, tableName) is not { } table)
            {
                continue;
            }

            bool Covered(IEnumerable<IColumn> unique) =>
                unique.All(c => columns.Any(n => string.Equals(n, c.Name, StringComparison.OrdinalIgnoreCase)));

            if ((table.PrimaryKey is { } key && Covered(key.Columns))
                || table.UniqueConstraints.Any(u => Covered(u.Columns))
                || table.Indexes.Any(i => i.IsUnique && i.Filter is null && Covered(i.Columns)))
            {
                return true;
            }
        }

        return false;
    }

    private static Finding ForWriteLoop(IModel[] models, QueryScope scope, Finding finding)
    {
        if (finding.Table is not { } tableName)
        {
            return finding;
        }

        var entity = models.Select(m => FindTable(m, tableName)).FirstOrDefault(t => t is not null)?.EntityTypeMappings.FirstOrDefault()?.TypeBase.ClrType.Name;
        var kind = scope.Groups.FirstOrDefault(g => g.Fingerprint.Id == finding.Fingerprint)?.Fingerprint.Kind;
        if (entity is null || kind is null)
        {
            return finding;
        }

        var suggestion = kind switch
        {
            SqlStatementKind.Insert => $"Add all the {entity} entities first (AddRange) and call SaveChanges once after the loop: EF sends them together.",
            SqlStatementKind.Update => $"Call SaveChanges once after the loop, or update the rows with one statement: .Where(…).ExecuteUpdate(s => s.SetProperty(…)) on the {entity} set.",
            SqlStatementKind.Delete => $"Call SaveChanges once after the loop, or delete the rows with one statement: .Where(…).ExecuteDelete() on the {entity} set.",
            _ => null,
        };
        return suggestion is null ? finding : finding with { Suggestion = suggestion };
    }

    /// <summary>
    /// The sibling collections a statement joins (two or more under one principal), or <see langword="null"/>. Two
    /// collections through one table (followers and followings through a follow table) count when that table is joined
    /// as often as that.
    /// </summary>
    private static List<string>? Cartesian(IModel[] models, StatementGroup group)
    {
        var fingerprint = group.Fingerprint;
        if (fingerprint.Kind != SqlStatementKind.Select || fingerprint.Tables.Count < 2)
        {
            return null;
        }

        foreach (var model in models)
        {
            var tables = new List<ITable>();
            foreach (var name in fingerprint.Tables)
            {
                if (FindTable(model, name) is { } table && !tables.Contains(table))
                {
                    tables.Add(table);
                }
            }

            var byPrincipal = new Dictionary<ITable, List<string>>();
            foreach (var dependent in tables)
            {
                // How many times the statement reads this table: each join can carry one collection.
                var joins = Occurrences(fingerprint.Text, dependent.Name);
                var fromThisTable = 0;
                foreach (var constraint in dependent.ForeignKeyConstraints)
                {
                    if (ReferenceEquals(constraint.PrincipalTable, dependent) || !tables.Contains(constraint.PrincipalTable) || fromThisTable >= joins)
                    {
                        continue;
                    }

                    // With fewer joins than foreign keys, only a key whose column the statement names can be the one joined.
                    if (joins < KeysTo(dependent, constraint.PrincipalTable) && !NamesColumns(fingerprint.Text, constraint))
                    {
                        continue;
                    }

                    var collection = constraint.MappedForeignKeys.FirstOrDefault(fk => !fk.IsUnique && fk.PrincipalToDependent is not null);
                    if (collection is not null)
                    {
                        if (!byPrincipal.TryGetValue(constraint.PrincipalTable, out var names))
                        {
                            byPrincipal[constraint.PrincipalTable] = names = [];
                        }

                        var name = collection.PrincipalEntityType.ClrType.Name + "." + collection.PrincipalToDependent!.Name;
                        if (!names.Contains(name))
                        {
                            names.Add(name);
                            fromThisTable++;
                        }
                    }
                }
            }

            foreach (var names in byPrincipal.Values)
            {
                if (names.Count >= 2)
                {
                    return names;
                }
            }
        }

        return null;
    }

    // Helpers apart from Cartesian, so that their lambdas' closures are allocated only for statements that join.
    private static int KeysTo(ITable dependent, ITable principal) =>
        dependent.ForeignKeyConstraints.Count(c => ReferenceEquals(c.PrincipalTable, principal));

    private static bool NamesColumns(string text, IForeignKeyConstraint constraint) =>
        constraint.Columns.All(c => text.Contains("." + c.Name.ToLowerInvariant(), StringComparison.Ordinal));

    /// <summary>How often the normalised text reads a table (<c>from t</c>, <c>join t</c>, with or without a schema).</summary>
    private static int Occurrences(string text, string table)
    {
        var name = table.ToLowerInvariant();
        var count = 0;
        foreach (var keyword in (ReadOnlySpan<string>)["from ", "join "])
        {
            for (var at = text.IndexOf(keyword, StringComparison.Ordinal); at >= 0; at = text.IndexOf(keyword, at + keyword.Length, StringComparison.Ordinal))
            {
                var start = at + keyword.Length;
                var end = start;
                while (end < text.Length && text[end] is not (' ' or ',' or ')'))
                {
                    end++;
                }

                var read = text.AsSpan(start, end - start);
                var dot = read.LastIndexOf('.');
                if (read[(dot + 1)..].SequenceEqual(name))
                {
                    count++;
                }
            }
        }

        return Math.Max(count, 1);
    }

    private static string AtText(Finding finding) => finding.CallSite is { } site ? " at " + site : "";

    /// <summary>A navigation EF announced it loads lazily: <c>Blog.Posts</c>, whose entries are <c>Post</c>.</summary>
    private sealed record LazyLoad(string Owner, string Navigation, string? Target);

    private static string Lambda(string typeName) => char.ToLowerInvariant(typeName[0]).ToString();

    private static ITable? FindTable(IModel model, string name)
    {
        foreach (var table in model.GetRelationalModel().Tables)
        {
            if (string.Equals(table.Name, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(table.SchemaQualifiedName, name, StringComparison.OrdinalIgnoreCase))
            {
                return table;
            }
        }

        return null;
    }

    private static bool SameColumns(IReadOnlyList<IColumn> columns, IReadOnlyList<string> names) =>
        columns.Count == names.Count && columns.All(c => names.Any(n => string.Equals(n, c.Name, StringComparison.OrdinalIgnoreCase)));
}

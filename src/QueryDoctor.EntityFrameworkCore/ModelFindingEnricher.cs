using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
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

    public IReadOnlyList<Finding> Enrich(QueryScope scope, IReadOnlyList<Finding> findings, ScopeRecording recording)
    {
        var models = _owner.Models.ToArray();
        if (models.Length == 0)
        {
            return findings;
        }

        var result = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            result.Add(finding.Rule switch
            {
                RuleIds.NPlusOne => ForLazyLoad(recording, finding) ?? ForNPlusOne(models, finding),
                RuleIds.NPlusOneWrite => ForWriteLoop(models, scope, finding),
                _ => finding,
            });
        }

        var detection = _owner.Capture.Detection;
        if (detection.IsEnabled(RuleIds.CartesianExplosion))
        {
            foreach (var group in scope.Groups)
            {
                if (Cartesian(models, group) is { } collections)
                {
                    result.Add(new Finding
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

        return result;
    }

    private static string RowsText(StatementGroup group) =>
        group.MaxRows is { } rows ? string.Create(CultureInfo.InvariantCulture, $" ({rows} rows)") : "";

    private static string At(CallSite site) => site.IsUnknown ? "" : " at " + site.Text;

    /// <summary>An N+1 whose commands EF announced as lazy loads: the navigation is known by name.</summary>
    private static Finding? ForLazyLoad(ScopeRecording recording, Finding finding)
    {
        if (recording.NoteFor(finding.Fingerprint, finding.CallSite) is not { } note || !note.StartsWith(LazyNotePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = note[LazyNotePrefix.Length..];
        var dot = name.LastIndexOf('.');
        if (dot <= 0)
        {
            return null;
        }

        var owner = name[..dot];
        var navigation = name[(dot + 1)..];
        return finding with
        {
            Message = string.Create(CultureInfo.InvariantCulture, $"{name} lazily loaded {finding.Count} times{AtText(finding)}, once per {owner}"),
            Suggestion = $"Eager-load it: add .Include({Lambda(owner)} => {Lambda(owner)}.{navigation}) to the query that loads the {owner} rows "
                + "(with .AsSplitQuery() when it includes several collections), or load the related rows for all of them with one query and a dictionary.",
        };
    }

    private static Finding ForNPlusOne(IModel[] models, Finding finding)
    {
        if (finding.Table is not { } tableName || finding.Columns is not { Count: > 0 } columns)
        {
            return finding;
        }

        foreach (var model in models)
        {
            var table = FindTable(model, tableName);
            if (table is null)
            {
                continue;
            }

            // The query filters the dependent table by its foreign key: a collection loaded once per principal.
            foreach (var constraint in table.ForeignKeyConstraints)
            {
                if (!SameColumns(constraint.Columns, columns))
                {
                    continue;
                }

                foreach (var foreignKey in constraint.MappedForeignKeys)
                {
                    if (foreignKey.PrincipalToDependent is { } navigation)
                    {
                        var owner = foreignKey.PrincipalEntityType.ClrType.Name;
                        var name = owner + "." + navigation.Name;
                        return finding with
                        {
                            Message = string.Create(CultureInfo.InvariantCulture, $"{name} loaded {finding.Count} times{AtText(finding)}, once per {owner} ({finding.Table} by {string.Join(", ", columns)})"),
                            Suggestion = $"Eager-load it: add .Include({Lambda(owner)} => {Lambda(owner)}.{navigation.Name}) to the query that loads the {owner} rows "
                                + $"(with .AsSplitQuery() when it includes several collections), or load the {foreignKey.DeclaringEntityType.ClrType.Name} rows "
                                + $"for all of them with one query (WHERE {columns[0]} IN …) and group them in a dictionary.",
                        };
                    }
                }
            }

            // The query fetches one principal row by its key: a reference loaded once per dependent.
            if (table.PrimaryKey is { } key && SameColumns(key.Columns, columns))
            {
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
                            if (foreignKey.DependentToPrincipal is { } navigation)
                            {
                                var owner = foreignKey.DeclaringEntityType.ClrType.Name;
                                var name = owner + "." + navigation.Name;
                                return finding with
                                {
                                    Message = string.Create(CultureInfo.InvariantCulture, $"{name} loaded {finding.Count} times{AtText(finding)}, once per {owner}"),
                                    Suggestion = $"Eager-load it: add .Include({Lambda(owner)} => {Lambda(owner)}.{navigation.Name}) to the query that loads the {owner} rows, "
                                        + $"or load all the {foreignKey.PrincipalEntityType.ClrType.Name} rows they need with one query (WHERE {columns[0]} IN …) into a dictionary.",
                                };
                            }
                        }
                    }
                }
            }
        }

        return finding;
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

    /// <summary>The sibling collections a statement joins (two or more under one principal), or <see langword="null"/>.</summary>
    private static List<string>? Cartesian(IModel[] models, StatementGroup group)
    {
        var fingerprint = group.Fingerprint;
        if (fingerprint.Kind != SqlStatementKind.Select || fingerprint.Tables.Count < 3)
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
                foreach (var constraint in dependent.ForeignKeyConstraints)
                {
                    if (ReferenceEquals(constraint.PrincipalTable, dependent) || !tables.Contains(constraint.PrincipalTable))
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

    private static string AtText(Finding finding) => finding.CallSite is { } site ? " at " + site : "";

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

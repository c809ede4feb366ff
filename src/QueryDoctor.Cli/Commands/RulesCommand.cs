using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using QueryDoctor.Cli.Rendering;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;
using Spectre.Console;

namespace QueryDoctor.Cli.Commands;

/// <summary><c>querydoctor rules</c>: every rule of the catalogue with its kind, default severity, threshold and description.</summary>
internal static class RulesCommand
{
    private static readonly string[] Formats = ["console", "json", "markdown"];

    public static Command Create(CliConsole console)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: " + string.Join(", ", Formats) + ".",
            DefaultValueFactory = _ => "console",
            HelpName = "format",
        };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the list to this file instead of standard output.",
            HelpName = "file",
        };
        var command = new Command("rules", "List every rule: id, kind (scope, live, database), default severity, threshold and description.");
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(format) ?? "console";
            ReportOutput.Write(console, parse.GetValue(output), (writer, colors) =>
            {
                switch (chosen)
                {
                    case "json":
                        WriteJson(RuleCatalogue.All, writer);
                        break;
                    case "markdown":
                        WriteMarkdown(RuleCatalogue.All, writer);
                        break;
                    default:
                        Render(RuleCatalogue.All, writer, colors);
                        break;
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string KindName(RuleKind kind) => kind switch
    {
        RuleKind.Scope => "scope",
        RuleKind.Live => "live",
        _ => "database",
    };

    private static void Render(IReadOnlyList<RuleDescriptor> rules, TextWriter writer, bool colors)
    {
        var console = ConsoleReportRenderer.CreateConsole(writer, colors);
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn(new TableColumn("Rule").NoWrap());
        table.AddColumn(new TableColumn("Kind").NoWrap());
        table.AddColumn(new TableColumn("Severity").NoWrap());
        table.AddColumn(new TableColumn("Threshold"));
        table.AddColumn(new TableColumn("Description"));
        foreach (var rule in rules)
        {
            table.AddRow(
                new Text(rule.Id),
                new Text(KindName(rule.Kind)),
                new Text(JsonReportWriter.SeverityText(rule.DefaultSeverity)),
                new Text(rule.Threshold is { } threshold ? $"{threshold.Text} ({threshold.Option})" : "—"),
                new Text(rule.Description));
        }

        console.Write(table);
    }

    private static void WriteMarkdown(IReadOnlyList<RuleDescriptor> rules, TextWriter writer)
    {
        var text = new StringBuilder();
        text.Append("| rule | kind | severity | threshold | description |\n");
        text.Append("| --- | --- | --- | --- | --- |\n");
        foreach (var rule in rules)
        {
            var threshold = rule.Threshold is { } t ? $"{ReportText.MarkdownCell(t.Text)} (`{t.Option}`)" : "—";
            text.Append(CultureInfo.InvariantCulture,
                $"| `{rule.Id}` | {KindName(rule.Kind)} | {JsonReportWriter.SeverityText(rule.DefaultSeverity)} | {threshold} | {ReportText.MarkdownCell(rule.Description)} |\n");
        }

        writer.Write(text.ToString());
    }

    private static void WriteJson(IReadOnlyList<RuleDescriptor> rules, TextWriter writer)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            ToolInfo.Write(json);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteString("kind", KindName(rule.Kind));
                json.WriteString("severity", JsonReportWriter.SeverityText(rule.DefaultSeverity));
                json.WriteString("title", rule.Title);
                if (rule.Threshold is { } threshold)
                {
                    json.WriteStartObject("threshold");
                    json.WriteNumber("value", threshold.Value);
                    json.WriteString("unit", threshold.Unit);
                    json.WriteString("text", threshold.Text);
                    json.WriteString("option", threshold.Option);
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteNull("threshold");
                }

                json.WriteString("description", rule.Description);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.Write(Encoding.UTF8.GetString(stream.ToArray()));
        writer.Write('\n');
    }
}

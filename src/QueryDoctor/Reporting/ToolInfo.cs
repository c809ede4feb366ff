using System.Reflection;

namespace QueryDoctor.Reporting;

/// <summary>The tool's name and version, as reports state them.</summary>
public static class ToolInfo
{
    /// <summary>The tool's name.</summary>
    public const string Name = "querydoctor";

    /// <summary>The version of the core library, without build metadata (e.g. <c>0.1.0</c>).</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>Writes the <c>"tool": { "name", "version" }</c> object every JSON file of ours opens with.</summary>
    /// <param name="writer">Where to write; positioned inside an object.</param>
    public static void Write(System.Text.Json.Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject("tool");
        writer.WriteString("name", Name);
        writer.WriteString("version", Version);
        writer.WriteEndObject();
    }

    private static string ReadVersion()
    {
        var assembly = typeof(ToolInfo).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }

        return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}

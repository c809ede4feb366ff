using System.Text.Json.Serialization;

namespace QueryDoctor.Cli.Otlp;

/// <summary>Source-generated JSON for the receiver's few plain values (trimming-safe).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class OtlpJsonContext : JsonSerializerContext;

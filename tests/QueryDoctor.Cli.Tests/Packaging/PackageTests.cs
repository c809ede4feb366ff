using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Packaging;

/// <summary>
/// <c>dotnet pack</c> gives every shipped package as users install it: README, licence expression, repository
/// and commit, symbols with Source Link; the tool installs from the packed folder and runs.
/// </summary>
public sealed partial class PackageTests(PackedPackages packed, ITestOutputHelper output) : IClassFixture<PackedPackages>
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static TheoryData<string> Packages => new(PackedPackages.Shipped);

    [Theory]
    [MemberData(nameof(Packages))]
    public void Pack_Package_HasReadmeLicenceAndRepository(string id)
    {
        output.WriteLine($"pack: {packed.PackTime.TotalSeconds:F1} s for {PackedPackages.Shipped.Length} packages");
        using var package = ZipFile.OpenRead(PackagePath(id, ".nupkg"));
        var nuspec = Nuspec(package);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        metadata.Element(ns + "id")!.Value.ShouldBe(id);
        var license = metadata.Element(ns + "license").ShouldNotBeNull();
        license.Attribute("type")!.Value.ShouldBe("expression");
        license.Value.ShouldBe("MIT");
        metadata.Element(ns + "readme")!.Value.ShouldBe("README.md");
        metadata.Element(ns + "description")!.Value.ShouldNotBeNullOrWhiteSpace();
        var repository = metadata.Element(ns + "repository").ShouldNotBeNull();
        repository.Attribute("type")!.Value.ShouldBe("git");
        repository.Attribute("url")!.Value.ShouldStartWith("https://github.com/");
        CommitHash().IsMatch(repository.Attribute("commit")?.Value ?? "").ShouldBeTrue("the package names the commit it was built from");

        using var readme = new StreamReader(package.GetEntry("README.md").ShouldNotBeNull().Open());
        readme.ReadLine()!.ShouldStartWith("# " + id);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Pack_Package_SymbolsCarrySourceLinkToTheRepository(string id)
    {
        using var symbols = ZipFile.OpenRead(PackagePath(id, ".snupkg"));
        var pdb = symbols.Entries.Single(e => e.Name == id + ".pdb");
        using var stream = new MemoryStream();
        using (var entry = pdb.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition)
            .Select(reader.GetCustomDebugInformation)
            .Single(info => reader.GetGuid(info.Kind) == SourceLinkKind);
        using var json = JsonDocument.Parse(reader.GetBlobBytes(sourceLink.Value));
        var documents = json.RootElement.GetProperty("documents").EnumerateObject().ToList();

        documents.ShouldNotBeEmpty();
        documents.ShouldAllBe(d => d.Value.GetString()!.StartsWith("https://", StringComparison.Ordinal) && d.Value.GetString()!.EndsWith("/*", StringComparison.Ordinal));
    }

    [Fact]
    public void Pack_Tool_IsADotnetToolNamedQuerydoctor()
    {
        using var package = ZipFile.OpenRead(PackagePath("QueryDoctor.Cli", ".nupkg"));
        var nuspec = Nuspec(package);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        nuspec.Root.Element(ns + "metadata")!.Element(ns + "packageTypes")!.Elements(ns + "packageType")
            .Select(t => t.Attribute("name")!.Value).ShouldContain("DotnetTool");

        var settings = package.Entries.Single(e => e.Name == "DotnetToolSettings.xml");
        using var stream = settings.Open();
        var command = XDocument.Load(stream).Descendants("Command").Single();
        command.Attribute("Name")!.Value.ShouldBe("querydoctor");
        command.Attribute("EntryPoint")!.Value.ShouldBe("QueryDoctor.Cli.dll");

        // What the tool carries because `demo` references the samples (EF Core, its SQLite and PostgreSQL providers).
        var tools = package.Entries.Where(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal)).ToList();
        var samples = tools.Where(e => e.Name.StartsWith("QueryDoctor.Samples", StringComparison.Ordinal) || e.Name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            || e.Name.StartsWith("Npgsql.EntityFrameworkCore", StringComparison.Ordinal) || e.Name.StartsWith("Castle.Core", StringComparison.Ordinal)).ToList();
        output.WriteLine(
            $"tool package: {new FileInfo(PackagePath("QueryDoctor.Cli", ".nupkg")).Length / 1024} KiB compressed, {tools.Count} files, " +
            $"{tools.Sum(e => e.Length) / 1024} KiB uncompressed; for demo: {samples.Count} files, {samples.Sum(e => e.Length) / 1024} KiB " +
            $"({string.Join(", ", samples.Where(e => e.Name.EndsWith(".dll", StringComparison.Ordinal)).Select(e => e.Name).Order(StringComparer.Ordinal))})");
    }

    [Fact]
    public async Task ToolInstall_FromPackedFolder_VersionAndRulesRun()
    {
        output.WriteLine($"tool install: {packed.InstallTime.TotalSeconds:F1} s");
        packed.InstallOutput.ShouldContain("querydoctor");
        File.Exists(packed.ToolExecutable).ShouldBeTrue();

        var version = await PackedPackages.Run(packed.ToolExecutable, ["--version"], packed.PackageFolder);
        version.ExitCode.ShouldBe(0, version.Error);
        version.Out.Trim().ShouldStartWith(Reporting.ToolInfo.Version);

        var rules = await PackedPackages.Run(packed.ToolExecutable, ["rules", "--format", "json"], packed.PackageFolder);
        rules.ExitCode.ShouldBe(0, rules.Error);
        JsonDocument.Parse(rules.Out).RootElement.GetProperty("rules").GetArrayLength().ShouldBe(Rules.RuleCatalogue.All.Count);

        var bad = await PackedPackages.Run(packed.ToolExecutable, ["analyze", "no-such-file.jsonl"], packed.PackageFolder);
        bad.ExitCode.ShouldBe(2);
        bad.Error.Trim().Split('\n').Length.ShouldBe(1);
    }

    private string PackagePath(string id, string extension)
    {
        var path = Path.Combine(packed.PackageFolder, $"{id}.{Reporting.ToolInfo.Version}{extension}");
        File.Exists(path).ShouldBeTrue($"{Path.GetFileName(path)} packed");
        return path;
    }

    private static XDocument Nuspec(ZipArchive package)
    {
        using var stream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitHash();
}

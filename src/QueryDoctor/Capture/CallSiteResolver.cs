using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace QueryDoctor.Capture;

/// <summary>
/// Finds the innermost frame of user code on a stack. User code is, by default, the application's own
/// projects as listed in its <c>.deps.json</c> (hand-written deny lists miss provider frames); without a
/// deps file, everything outside the BCL, Microsoft, EF Core, ADO.NET providers, Dapper and QueryDoctor.
/// </summary>
internal sealed class CallSiteResolver
{
    // Our own packages: project references inside this repository, and never the user's code.
    private static readonly HashSet<string> OwnAssemblies = new(StringComparer.Ordinal)
    {
        "QueryDoctor", "QueryDoctor.EntityFrameworkCore", "QueryDoctor.AspNetCore", "QueryDoctor.Testing",
    };

    private static readonly string[] LibraryPrefixes =
    [
        "System", "Microsoft", "mscorlib", "netstandard", "Npgsql", "Dapper", "Castle", "xunit", "MySql",
        "MySqlConnector", "Oracle", "Pomelo", "BenchmarkDotNet", "QueryDoctor",
    ];

    private static readonly Lazy<HashSet<string>?> ProjectAssemblies = new(ReadProjectAssemblies);

    private readonly Func<Assembly, bool> _isUserCode;
    private readonly ConcurrentDictionary<Assembly, bool> _assemblies = new();
    private readonly ConcurrentDictionary<(MethodBase Method, int Line, string? File), CallSite> _sites = new();
    // Keyed by the user frames of the stack (the call site and up to two callers), so one shared method called from two
    // loops gives two chains; the walk is already done, looking at two more frames costs two cached assembly checks.
    private readonly ConcurrentDictionary<ChainKey, CallSite> _byLocation = new();

    /// <summary>User frames kept per call site: the call site itself and up to two callers.</summary>
    internal const int ChainLength = 3;

    public CallSiteResolver(Func<Assembly, bool>? isUserCode)
    {
        _isUserCode = isUserCode ?? IsApplicationAssembly;
    }

    /// <summary>
    /// The call site of the current stack, with file and line when symbols are present. The stack is walked
    /// without file information (reading line numbers from symbols is most of a walk's cost) and the user
    /// frame's method and IL offset looked up in a cache; only a location seen for the first time is walked
    /// again with file information.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Without method metadata a frame is skipped: the call site is unknown, nothing breaks.")]
    public CallSite Capture()
    {
        var key = default(ChainKey);
        var found = 0;
        foreach (var frame in new StackTrace(1, fNeedFileInfo: false).GetFrames())
        {
            var method = frame.GetMethod();
            if (method is null || !IsUser(method.DeclaringType?.Assembly ?? method.Module.Assembly))
            {
                continue;
            }

            key = key.With(found++, method, frame.GetILOffset());
            if (found == ChainLength)
            {
                break;
            }
        }

        if (found == 0)
        {
            return CallSite.Unknown;
        }

        if (_byLocation.TryGetValue(key, out var known))
        {
            return known;
        }

        var site = Resolve(new StackTrace(1, fNeedFileInfo: true));
        if (_byLocation.Count > 10_000)
        {
            _byLocation.Clear();
        }

        _byLocation.TryAdd(key, site);
        return site;
    }

    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Without method metadata a frame is skipped: the call site is unknown, nothing breaks.")]
    public CallSite Resolve(StackTrace trace)
    {
        CallSite? site = null;
        List<string>? callers = null;
        string? lastMethod = null;
        foreach (var frame in trace.GetFrames())
        {
            var method = frame.GetMethod();
            if (method is null)
            {
                continue;
            }

            var assembly = method.DeclaringType?.Assembly ?? method.Module.Assembly;
            if (!IsUser(assembly))
            {
                continue;
            }

            var file = frame.GetFileName();
            var line = frame.GetFileLineNumber();
            if (_sites.Count > 10_000)
            {
                _sites.Clear();
            }

            var described = _sites.GetOrAdd((method, line, file), static key => Describe(key.Method, key.File, key.Line));
            if (site is null)
            {
                site = described;
                lastMethod = described.Method;
                continue;
            }

            // An async method's kick-off stub sits right under its state machine: the same method, said once.
            if (!string.Equals(described.Method, lastMethod, StringComparison.Ordinal))
            {
                lastMethod = described.Method;
                (callers ??= new List<string>(ChainLength - 1)).Add(described.Text);
                if (callers.Count == ChainLength - 1)
                {
                    break;
                }
            }
        }

        return site is null ? CallSite.Unknown : callers is null ? site : site with { Callers = callers };
    }

    internal static bool IsApplicationAssembly(Assembly assembly)
    {
        if (assembly.IsDynamic)
        {
            return false;
        }

        var name = assembly.GetName().Name ?? "";
        if (OwnAssemblies.Contains(name))
        {
            return false;
        }

        if (ProjectAssemblies.Value is { } projects)
        {
            return projects.Contains(name);
        }

        foreach (var prefix in LibraryPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Names a frame: <c>Namespace.Type.Method (File.cs:42)</c>, undoing async and lambda renaming.</summary>
    internal static CallSite Describe(MethodBase method, string? file, int line)
    {
        var type = method.DeclaringType;
        var name = method.Name;

        // Compiler-generated state machines and closures: <Method>d__3.MoveNext, <>c__DisplayClass2_0.<Method>b__0,
        // <<Method>b__0>d.MoveNext: the user's method name is inside the first angle brackets.
        if (name is "MoveNext" && type is not null && type.Name.StartsWith('<'))
        {
            name = type.Name;
        }

        name = Unmangle(name);
        while (type is not null && type.Name.StartsWith('<'))
        {
            type = type.DeclaringType;
        }

        var methodText = type is null ? name : (type.FullName ?? type.Name).Replace('+', '.') + "." + name;
        if (file is not null && line > 0)
        {
            return new CallSite
            {
                Text = $"{methodText} ({Path.GetFileName(file)}:{line.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
                Method = methodText,
                File = file,
                Line = line,
            };
        }

        return new CallSite { Text = methodText, Method = methodText };
    }

    private static string Unmangle(string name)
    {
        // "<<Test>b__0>d" -> "Test"; "<Test>b__0" -> "Test"; "Test" -> "Test".
        var start = 0;
        while (start < name.Length && name[start] == '<')
        {
            start++;
        }

        if (start == 0)
        {
            return name;
        }

        var end = name.IndexOf('>', start);
        return end > start ? name[start..end] : name;
    }

    private static HashSet<string>? ReadProjectAssemblies()
    {
        try
        {
            var files = AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string;
            // The host joins the deps files with ';' on every platform (not Path.PathSeparator).
            var path = files?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (path is null || !File.Exists(path))
            {
                return null;
            }

            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            if (!document.RootElement.TryGetProperty("libraries", out var libraries))
            {
                return null;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var library in libraries.EnumerateObject())
            {
                if (library.Value.TryGetProperty("type", out var type) && type.ValueEquals("project"))
                {
                    var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                    names.Add(slash > 0 ? library.Name[..slash] : library.Name);
                }
            }

            return names.Count > 0 ? names : null;
        }
#pragma warning disable CA1031 // No deps file, or an unreadable one: fall back to the name-based rule.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private bool IsUser(Assembly assembly)
    {
        if (_assemblies.TryGetValue(assembly, out var user))
        {
            return user;
        }

        try
        {
            user = _isUserCode(assembly);
        }
#pragma warning disable CA1031 // A throwing user predicate means "not user code", never a broken query.
        catch (Exception)
#pragma warning restore CA1031
        {
            user = false;
        }

        _assemblies.TryAdd(assembly, user);
        return user;
    }

    /// <summary>The first user frames of a stack by method and IL offset: cheap to take without file information.</summary>
    private readonly record struct ChainKey(MethodBase? M0, int O0, MethodBase? M1, int O1, MethodBase? M2, int O2)
    {
        public ChainKey With(int index, MethodBase method, int offset) => index switch
        {
            0 => this with { M0 = method, O0 = offset },
            1 => this with { M1 = method, O1 = offset },
            _ => this with { M2 = method, O2 = offset },
        };
    }
}

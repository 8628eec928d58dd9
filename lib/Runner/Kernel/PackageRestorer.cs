using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LlmWorkbook.Runner.Kernel;

/// <summary>
/// Restores <c>#r "nuget:"</c> packages the way the Polyglot kernel does: a generated SDK project (this runtime's
/// target framework and RID, the requested packages, the extra sources), restored with <c>dotnet restore</c>, then
/// the packages' runtime assemblies and native folders read from <c>project.assets.json</c>. The project lives in a
/// cache folder named by a hash of its inputs, so a second run with the same packages does not restore again.
/// </summary>
public sealed class PackageRestorer
{
    private readonly Dictionary<string, PackageRequest> _requested = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _sources = [];
    private readonly HashSet<string> _referenced = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nativeDirectories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _assembliesByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Version?> _platformAssemblies;

    /// <summary>A restorer for one kernel; the platform's own assemblies are never referenced from packages.</summary>
    public PackageRestorer()
    {
        _platformAssemblies = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key!, g => TryGetVersion(g.First()), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Where restore projects are cached: $LLM_WORKBOOK_CACHE, else $XDG_CACHE_HOME/llm-workbook, else ~/.cache/llm-workbook.</summary>
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("LLM_WORKBOOK_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "llm-workbook");

    /// <summary>The native library folders of every package restored so far.</summary>
    public IReadOnlyCollection<string> NativeDirectories => _nativeDirectories;

    /// <summary>The path of a restored package assembly by simple name, for loading by name.</summary>
    public bool TryGetAssembly(string simpleName, out string path) => _assembliesByName.TryGetValue(simpleName, out path!);

    /// <summary>
    /// Adds a feed URL or an absolute folder. A relative folder is refused, as the Polyglot kernel cannot resolve one
    /// either (dotnet/interactive#3110): a notebook that relied on it would pass here and fail there.
    /// </summary>
    public void AddSource(string source)
    {
        if (!source.Contains("://", StringComparison.Ordinal) && !Path.IsPathFullyQualified(source))
        {
            throw new PackageRestoreException(
                $"#i \"nuget: {source}\": the package source is a relative path, which the Polyglot C# kernel cannot resolve " +
                "(dotnet/interactive#3110); use an absolute folder or a feed URL");
        }
        if (!_sources.Contains(source))
        {
            _sources.Add(source);
        }
    }

    /// <summary>
    /// Adds the requests and restores everything requested so far; returns only what is new. A restore that fails
    /// forgets its requests, so it affects only its own cell.
    /// </summary>
    public RestoredPackages Restore(IReadOnlyList<PackageRequest> requests)
    {
        var before = new Dictionary<string, PackageRequest>(_requested, StringComparer.OrdinalIgnoreCase);
        try
        {
            return RestoreRequested(requests);
        }
        catch
        {
            _requested.Clear();
            foreach (var (name, request) in before)
            {
                _requested[name] = request;
            }
            throw;
        }
    }

    private RestoredPackages RestoreRequested(IReadOnlyList<PackageRequest> requests)
    {
        foreach (var request in requests)
        {
            if (_requested.TryGetValue(request.Name, out var earlier))
            {
                if (request.Version is not null && earlier.Version is not null && earlier.Version != request.Version)
                {
                    throw new PackageRestoreException(
                        $"{request.Name} version {earlier.Version} is already loaded; cannot load version {request.Version} as well. Restart the kernel to change versions.");
                }
                continue;
            }
            _requested[request.Name] = request;
        }

        var projectXml = ProjectXml();
        var directory = Path.Combine(CacheRoot, "restore", Hash(projectXml));
        var assetsPath = Path.Combine(directory, "obj", "project.assets.json");
        var fromCache = File.Exists(assetsPath) && File.Exists(Path.Combine(directory, "restored.ok"));
        PackageAssets assets = default;
        if (fromCache)
        {
            assets = ReadAssets(assetsPath);
            fromCache = assets.AllFilesExist;
        }
        if (!fromCache)
        {
            RunRestore(directory, projectXml);
            assets = ReadAssets(assetsPath);
            File.WriteAllText(Path.Combine(directory, "restored.ok"), DateTime.UtcNow.ToString("O"));
        }

        var added = new List<string>();
        foreach (var assembly in assets.Assemblies)
        {
            var name = Path.GetFileNameWithoutExtension(assembly);
            if (IsProvidedByPlatform(name, assembly) || !_referenced.Add(assembly))
            {
                continue;
            }
            _assembliesByName.TryAdd(name, assembly);
            added.Add(assembly);
        }
        var nativeAdded = assets.NativeDirectories.Where(_nativeDirectories.Add).ToList();
        return new RestoredPackages(added, nativeAdded, fromCache);
    }

    private bool IsProvidedByPlatform(string name, string assemblyPath) =>
        _platformAssemblies.TryGetValue(name, out var platformVersion)
        && (platformVersion is null || TryGetVersion(assemblyPath) is not { } packaged || packaged <= platformVersion);

    private string ProjectXml()
    {
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var xml = new StringBuilder();
        xml.AppendLine("""<Project Sdk="Microsoft.NET.Sdk">""");
        xml.AppendLine("  <PropertyGroup>");
        xml.AppendLine($"    <TargetFramework>{tfm}</TargetFramework>");
        xml.AppendLine($"    <RuntimeIdentifier>{RuntimeInformation.RuntimeIdentifier}</RuntimeIdentifier>");
        xml.AppendLine("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>");
        xml.AppendLine("    <NoWarn>NU1603;NU1701</NoWarn>");
        if (_sources.Count > 0)
        {
            xml.AppendLine($"    <RestoreAdditionalProjectSources>{string.Join(";", _sources)}</RestoreAdditionalProjectSources>");
        }
        xml.AppendLine("  </PropertyGroup>");
        xml.AppendLine("  <ItemGroup>");
        foreach (var package in _requested.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            xml.AppendLine($"""    <PackageReference Include="{package.Name}" Version="{package.Version ?? "*"}" />""");
        }
        xml.AppendLine("  </ItemGroup>");
        xml.AppendLine("</Project>");
        return xml.ToString();
    }

    private static void RunRestore(string directory, string projectXml)
    {
        Directory.CreateDirectory(directory);
        // Keep the generated project away from any Directory.Build.props or Directory.Packages.props above the cache.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        var project = Path.Combine(directory, "packages.csproj");
        File.WriteAllText(project, projectXml);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "restore", project, "--nologo", "-v", "q" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new PackageRestoreException("could not start 'dotnet restore'");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var errors = (stdout.Result + "\n" + stderr.Result).Split('\n')
                .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                .Select(l => l.Replace(project, "").Replace(" []", "").Trim())
                .Distinct()
                .ToList();
            throw new PackageRestoreException("package restore failed:\n" + string.Join("\n", errors.Count > 0 ? errors : [stdout.Result.Trim()]));
        }
    }

    private readonly record struct PackageAssets(IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeDirectories, bool AllFilesExist);

    private static PackageAssets ReadAssets(string assetsPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(assetsPath));
        var root = document.RootElement;
        var packageFolders = root.GetProperty("packageFolders").EnumerateObject().Select(p => p.Name).ToList();
        var libraries = root.GetProperty("libraries");
        var target = root.GetProperty("targets").EnumerateObject()
            .First(t => t.Name.Contains('/', StringComparison.Ordinal)).Value;
        var assemblies = new List<string>();
        var nativeDirectories = new List<string>();
        var allExist = true;
        foreach (var package in target.EnumerateObject())
        {
            if (!package.Value.TryGetProperty("type", out var type) || type.GetString() != "package")
            {
                continue;
            }
            var relative = libraries.GetProperty(package.Name).GetProperty("path").GetString()!;
            var folder = packageFolders.Select(f => Path.Combine(f, relative)).FirstOrDefault(Directory.Exists);
            if (folder is null)
            {
                allExist = false;
                continue;
            }
            foreach (var file in Files(package.Value, "runtime"))
            {
                assemblies.Add(Path.GetFullPath(Path.Combine(folder, file)));
            }
            foreach (var file in Files(package.Value, "native"))
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(Path.Combine(folder, file)))!;
                if (!nativeDirectories.Contains(directory))
                {
                    nativeDirectories.Add(directory);
                }
            }
        }
        allExist &= assemblies.All(File.Exists);
        return new PackageAssets(assemblies, nativeDirectories, allExist);
    }

    private static IEnumerable<string> Files(JsonElement package, string section) =>
        package.TryGetProperty(section, out var files)
            ? files.EnumerateObject().Select(f => f.Name).Where(f => !f.EndsWith("_._", StringComparison.Ordinal))
            : [];

    private static Version? TryGetVersion(string path)
    {
        try
        {
            return AssemblyName.GetAssemblyName(path).Version;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            return null;
        }
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}

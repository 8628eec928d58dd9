using System.Reflection;

namespace LlmWorkbook;

/// <summary>
/// The native libraries of TorchSharp's own packages on Linux (libtorch from <c>libtorch-cpu-linux-x64</c>, the
/// wrapper from <c>torchsharp</c>), as full paths in the order they must be loaded: each file's dependencies before it.
/// </summary>
/// <param name="InLoadOrder">libtorch's package-local dependencies (libgomp), <c>libc10.so</c>, <c>libtorch_cpu.so</c>,
/// <c>libtorch.so</c>, then <c>libLibTorchSharp.so</c>.</param>
internal sealed record TorchNativeFiles(IReadOnlyList<string> InLoadOrder)
{
    /// <summary>The libtorch libraries LibTorchSharp links against, dependencies first.</summary>
    public static readonly IReadOnlyList<string> LibTorchNames = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    /// <summary>TorchSharp's native wrapper, loaded last.</summary>
    public const string WrapperName = "libLibTorchSharp.so";

    private const string Rid = "linux-x64";
    private const string LibTorchPackage = "libtorch-cpu-" + Rid;
    private const string TorchSharpPackage = "torchsharp";

    /// <summary>The folder the libtorch libraries are loaded from.</summary>
    public string LibTorchDirectory => Path.GetDirectoryName(InLoadOrder.Single(f => Path.GetFileName(f) == "libtorch.so"))!;

    /// <summary>
    /// Looks where the process would find the packages' natives: the runtime's native search folders (a build
    /// output's <c>runtimes/linux-x64/native</c>), next to TorchSharp.dll (flattened or not), then the NuGet packages
    /// folder TorchSharp.dll was loaded from (a notebook kernel's restore), then NUGET_PACKAGES or ~/.nuget/packages.
    /// </summary>
    /// <returns>The files, or null when libtorch or the wrapper is not found in any of those folders.</returns>
    public static TorchNativeFiles? Find(Assembly torchSharp)
    {
        var nativeSearchDirectories = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var nugetPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : home.Length > 0 ? Path.Combine(home, ".nuget", "packages") : null;
        return Find(torchSharp.Location, LibTorchVersion(torchSharp), TorchSharpVersion(torchSharp), nativeSearchDirectories, nugetPackages);
    }

    /// <summary>The search of <see cref="Find(Assembly)"/> with its inputs given, so that tests can lay out folders.</summary>
    /// <param name="torchSharpLocation">Path of the loaded TorchSharp.dll (empty when loaded from bytes).</param>
    /// <param name="libTorchVersion">Package version of libtorch-cpu-linux-x64 that TorchSharp was built for, if known.</param>
    /// <param name="torchSharpVersion">Package version of TorchSharp.</param>
    /// <param name="nativeSearchDirectories">The runtime's NATIVE_DLL_SEARCH_DIRECTORIES.</param>
    /// <param name="nugetPackages">The NuGet global packages folder, if any.</param>
    public static TorchNativeFiles? Find(string torchSharpLocation, string? libTorchVersion, string torchSharpVersion,
        IEnumerable<string> nativeSearchDirectories, string? nugetPackages)
    {
        var directories = new List<string>(nativeSearchDirectories);
        var packageRoots = new List<string>();
        if (Path.GetDirectoryName(torchSharpLocation) is { Length: > 0 } assemblyDirectory)
        {
            directories.Add(assemblyDirectory);
            directories.Add(Path.Combine(assemblyDirectory, "runtimes", Rid, "native"));
            // In a packages folder TorchSharp.dll sits at torchsharp/<version>/lib/<tfm>/.
            var packageVersionDirectory = Path.GetFullPath(Path.Combine(assemblyDirectory, "..", ".."));
            if (string.Equals(Path.GetFileName(Path.GetDirectoryName(packageVersionDirectory)), TorchSharpPackage, StringComparison.OrdinalIgnoreCase))
            {
                packageRoots.Add(Path.GetFullPath(Path.Combine(packageVersionDirectory, "..", "..")));
                torchSharpVersion = Path.GetFileName(packageVersionDirectory);
            }
        }
        if (nugetPackages is not null)
        {
            packageRoots.Add(nugetPackages);
        }
        foreach (var root in packageRoots)
        {
            if (PackageVersionDirectory(root, LibTorchPackage, libTorchVersion) is { } libTorch)
            {
                directories.Add(Path.Combine(libTorch, "runtimes", Rid, "native"));
            }
            directories.Add(Path.Combine(root, TorchSharpPackage, torchSharpVersion, "runtimes", Rid, "native"));
        }

        var libTorchDirectory = directories.FirstOrDefault(d => LibTorchNames.All(name => File.Exists(Path.Combine(d, name))));
        var wrapper = directories.Select(d => Path.Combine(d, WrapperName)).FirstOrDefault(File.Exists);
        if (libTorchDirectory is null || wrapper is null)
        {
            return null;
        }
        // libtorch_cpu.so needs a libgomp shipped beside it under a hashed name (libgomp-98b21ff3.so.1).
        var packageLocalDependencies = Directory.EnumerateFiles(libTorchDirectory, "libgomp*.so*").Order(StringComparer.Ordinal);
        return new TorchNativeFiles([
            .. packageLocalDependencies.Select(Path.GetFullPath),
            .. LibTorchNames.Select(name => Path.GetFullPath(Path.Combine(libTorchDirectory, name))),
            Path.GetFullPath(wrapper),
        ]);
    }

    /// <summary>
    /// The libtorch version TorchSharp was built for, from its private constant (reading a constant does not run
    /// TorchSharp's static constructor, which would load the natives). Null if this TorchSharp has no such constant.
    /// </summary>
    private static string? LibTorchVersion(Assembly torchSharp)
    {
        var field = torchSharp.GetType("TorchSharp.torch")?.GetField("libtorchPackageVersion", BindingFlags.NonPublic | BindingFlags.Static);
        return field is { IsLiteral: true } && field.GetRawConstantValue() is string version ? NuGetFolderName(version) : null;
    }

    private static string TorchSharpVersion(Assembly torchSharp)
    {
        var informational = torchSharp.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return NuGetFolderName(informational?.Split('+')[0] ?? torchSharp.GetName().Version?.ToString() ?? "");
    }

    /// <summary>NuGet's folder name for a version: lower case, a zero fourth part dropped ("2.10.0.0" → "2.10.0").</summary>
    private static string NuGetFolderName(string version)
    {
        var parts = version.Split('-', 2);
        var numbers = parts[0].Split('.');
        var release = numbers.Length == 4 && numbers[3] == "0" ? string.Join('.', numbers[..3]) : parts[0];
        return (parts.Length > 1 ? $"{release}-{parts[1]}" : release).ToLowerInvariant();
    }

    /// <summary>The package's folder for the wanted version; without one, its highest installed version.</summary>
    private static string? PackageVersionDirectory(string packagesRoot, string package, string? version)
    {
        var packageDirectory = Path.Combine(packagesRoot, package);
        if (version is not null)
        {
            var wanted = Path.Combine(packageDirectory, version);
            return Directory.Exists(wanted) ? wanted : null;
        }
        return Directory.Exists(packageDirectory)
            ? Directory.EnumerateDirectories(packageDirectory)
                .Select(d => (Path: d, Version: System.Version.TryParse(Path.GetFileName(d), out var v) ? v : null))
                .Where(d => d.Version is not null)
                .MaxBy(d => d.Version)
                .Path
            : null;
    }
}

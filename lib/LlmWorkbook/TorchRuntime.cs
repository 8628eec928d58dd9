using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LlmWorkbook;

/// <summary>
/// Makes TorchSharp use the libtorch of its own NuGet package, even on a machine with a distribution's libtorch in
/// the system library path (Debian's <c>python3-torch</c>). TorchSharp loads its wrapper LibTorchSharp by name,
/// and the dynamic linker would resolve the wrapper's dependencies (<c>libtorch.so</c>, <c>libc10.so</c>,
/// <c>libtorch_cpu.so</c>) from LD_LIBRARY_PATH or the system folders first: a different libtorch kills the process
/// with a symbol lookup error or a segfault. Loading the package's files by full path, dependencies first, leaves
/// the linker nothing to search: it binds every later request for those names to the copies already loaded.
/// </summary>
/// <remarks>
/// The library calls <see cref="EnsureLoaded"/> before any of its own code runs. A program or notebook that uses
/// TorchSharp before any type of this library calls it first. On other systems than Linux, or when the package's
/// files are not found, it does nothing and TorchSharp loads its natives its own way.
/// </remarks>
public static class TorchRuntime
{
    private static readonly Lazy<string?> LoadedDirectory = new(LoadPackageLibraries, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Loads the package's libtorch and LibTorchSharp by full path, once per process; safe to call from any thread,
    /// any number of times. Call it before the first use of TorchSharp.
    /// </summary>
    /// <returns>The folder libtorch is loaded from, or null when TorchSharp is left to load it (not Linux, or the
    /// package's files not found).</returns>
    /// <exception cref="DllNotFoundException">A package file exists but cannot be loaded (for example, the C++ runtime
    /// is older than libtorch needs).</exception>
    public static string? EnsureLoaded() => LoadedDirectory.Value;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "libtorch must be chosen before any code of this library touches TorchSharp.")]
    internal static void LoadBeforeFirstUse()
    {
        try
        {
            EnsureLoaded();
        }
        catch (Exception)
        {
            // A module initializer that throws would make every type of the library unusable, also those without
            // tensors. TorchSharp then loads its natives its own way and reports a failure when it first needs them;
            // an explicit EnsureLoaded() call rethrows this one.
        }
    }

    private static string? LoadPackageLibraries()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return null;
        }
        // typeof does not run TorchSharp's static constructor, which would load the natives by name.
        var files = TorchNativeFiles.Find(typeof(TorchSharp.torch).Assembly);
        if (files is null)
        {
            return null;
        }
        if (LoadedLibTorchDirectory() is { } alreadyLoaded)
        {
            // Loading a second copy of libtorch next to one the process already uses would mix the two.
            return alreadyLoaded;
        }
        foreach (var path in files.InLoadOrder)
        {
            NativeLibrary.Load(path);
        }
        return files.LibTorchDirectory;
    }

    /// <summary>The folder of a libtorch this process has already mapped (any version suffix), from /proc/self/maps.</summary>
    private static string? LoadedLibTorchDirectory()
    {
        const string procMaps = "/proc/self/maps";
        if (!File.Exists(procMaps))
        {
            return null;
        }
        foreach (var line in File.ReadLines(procMaps))
        {
            // address perms offset dev inode path
            var slash = line.IndexOf('/');
            var path = slash >= 0 ? line[slash..] : "";
            var fileName = Path.GetFileName(path);
            if (TorchNativeFiles.LibTorchNames.Any(name => fileName == name || fileName.StartsWith(name + ".", StringComparison.Ordinal)))
            {
                return Path.GetDirectoryName(path);
            }
        }
        return null;
    }
}

using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text.RegularExpressions;

namespace LlmWorkbook.Runner.Kernel;

/// <summary>
/// Resolves native libraries (libtorch) from the <c>runtimes/&lt;rid&gt;/native</c> folders of restored packages, in
/// every assembly load context: Roslyn loads script references into contexts of its own.
/// </summary>
public sealed partial class NativeLibraryResolver
{
    private readonly Func<IReadOnlyCollection<string>> _nativeDirectories;
    private readonly HashSet<AssemblyLoadContext> _hooked = [];

    /// <summary>Creates a resolver over the folders <paramref name="nativeDirectories"/> lists at the time of each load.</summary>
    public NativeLibraryResolver(Func<IReadOnlyCollection<string>> nativeDirectories) => _nativeDirectories = nativeDirectories;

    /// <summary>Hooks the default context now and every context that loads an assembly later.</summary>
    public void Install()
    {
        Hook(AssemblyLoadContext.Default);
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => Hook(AssemblyLoadContext.GetLoadContext(e.LoadedAssembly));
    }

    private void Hook(AssemblyLoadContext? context)
    {
        lock (_hooked)
        {
            if (context is not null && _hooked.Add(context))
            {
                context.ResolvingUnmanagedDll += (_, name) => Load(name);
            }
        }
    }

    private IntPtr Load(string name)
    {
        string[] candidates = OperatingSystem.IsWindows() ? [name, name + ".dll"]
            : OperatingSystem.IsMacOS() ? [name, $"lib{name}.dylib", $"{name}.dylib"]
            : [name, $"lib{name}.so", $"{name}.so"];
        return candidates.Select(Find).FirstOrDefault(path => path is not null) is { } found
            ? LoadWithDependencies(found, depth: 0)
            : IntPtr.Zero;
    }

    private string? Find(string fileName) =>
        _nativeDirectories().Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Loads a native library whose dependencies may sit in another package's native folder (LibTorchSharp needs
    /// libtorch from libtorch-cpu-*), which the system loader does not search: each dependency it reports missing
    /// is loaded first from the restored packages, then the library again.
    /// </summary>
    private IntPtr LoadWithDependencies(string path, int depth)
    {
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            try
            {
                return NativeLibrary.Load(path);
            }
            catch (DllNotFoundException e) when (depth < 8
                && MissingDependency().Match(e.Message) is { Success: true } missing
                && missing.Groups[1].Value != Path.GetFileName(path)
                && loaded.Add(missing.Groups[1].Value)
                && Find(missing.Groups[1].Value) is { } dependency)
            {
                LoadWithDependencies(dependency, depth + 1);
            }
            catch (DllNotFoundException)
            {
                return IntPtr.Zero;
            }
        }
    }

    [GeneratedRegex(@"([^\s:/]+\.(?:so[.0-9]*|dylib)): cannot open shared object file")]
    private static partial Regex MissingDependency();
}

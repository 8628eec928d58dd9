using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using LlmWorkbook.Runner.Notebooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmWorkbook.Runner.Kernel;

/// <summary>The result of one cell: null error means it passed.</summary>
public sealed record CellRun(string? Error);

/// <summary>
/// A C# kernel on Roslyn scripting that behaves like the Polyglot Notebooks one (see RUNNER.md): same script
/// options and imports, a hidden <c>using static Microsoft.DotNet.Interactive.Kernel;</c> submission, cells chained
/// with ContinueWithAsync, trailing values formatted by preferred MIME type, console output captured per cell,
/// directives handled before the code reaches Roslyn.
/// </summary>
public sealed partial class ScriptKernel
{
    private static readonly MethodInfo? HasReturnValueMethod =
        typeof(Script).GetMethod("HasReturnValue", BindingFlags.Instance | BindingFlags.NonPublic);

    private readonly PackageRestorer _packages;
    private readonly string _workingDirectory;
    private readonly Action<CellOutput> _output;
    private readonly CellConsoleWriter _stdout;
    private readonly CellConsoleWriter _stderr;
    private ScriptOptions _options;
    private ScriptState<object>? _state;

    public ScriptKernel(string workingDirectory, Action<CellOutput> output, Action<string, Dictionary<string, string>> update)
    {
        _workingDirectory = Path.GetFullPath(workingDirectory);
        _output = output;
        Directory.SetCurrentDirectory(_workingDirectory);
        _packages = new PackageRestorer(_workingDirectory);

        var stdout = _stdout = new CellConsoleWriter("stdout", (name, text) => output(CellOutput.Stream(name, text)));
        var stderr = _stderr = new CellConsoleWriter("stderr", (name, text) => output(CellOutput.Stream(name, text)));
        Console.SetOut(stdout);
        Console.SetError(stderr);
        Console.SetIn(TextReader.Null);
        KernelOutputChannel.OnOutput = output;
        KernelOutputChannel.OnUpdate = update;
        KernelOutputChannel.BeforeDisplay = () =>
        {
            stdout.Flush();
            stderr.Flush();
        };
        Formatter.SetPreferredMimeTypesFor(typeof(string), PlainTextFormatter.MimeType);

        _options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithImports("System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq")
            .AddReferences(
                typeof(Enumerable).Assembly,
                typeof(List<>).Assembly,
                typeof(Task<>).Assembly,
                typeof(Microsoft.DotNet.Interactive.Kernel).Assembly,
                typeof(Formatter).Assembly,
                typeof(Microsoft.AspNetCore.Html.IHtmlContent).Assembly)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(_workingDirectory).WithSearchPaths(_workingDirectory))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(_workingDirectory).WithSearchPaths(_workingDirectory));

        HookAssemblyResolution();
    }

    /// <summary>Compiles and runs the hidden first submission, so the first real cell does not pay for Roslyn's start-up.</summary>
    public async Task StartAsync()
    {
        _state = await CSharpScript.RunAsync("using static Microsoft.DotNet.Interactive.Kernel;", _options);
    }

    public async Task<CellRun> ExecuteAsync(string source)
    {
        CellDirectives cell;
        try
        {
            cell = CellDirectives.Parse(source);
        }
        catch (CellDirectiveException e)
        {
            return new CellRun(e.Message);
        }
        if (cell.Markdown is not null)
        {
            _output(CellOutput.Display(new() { ["text/markdown"] = cell.Markdown }));
            return new CellRun(null);
        }

        var clock = Stopwatch.StartNew();
        var error = LoadPackages(cell);
        foreach (var import in cell.Imports)
        {
            if (error is not null)
            {
                break;
            }
            var path = Path.GetFullPath(import, _workingDirectory);
            error = File.Exists(path)
                ? await SubmitAsync(await File.ReadAllTextAsync(path))
                : $"#!import: file not found: {import}";
        }
        if (error is null && !string.IsNullOrWhiteSpace(cell.Code))
        {
            error = await SubmitAsync(cell.Code);
        }
        _stdout.Flush();
        _stderr.Flush();
        if (cell.Time)
        {
            _output(CellOutput.Display(new() { ["text/plain"] = $"Wall time: {clock.Elapsed.TotalMilliseconds:0.####}ms" }));
        }
        return new CellRun(error);
    }

    private string? LoadPackages(CellDirectives cell)
    {
        try
        {
            foreach (var source in cell.PackageSources)
            {
                _packages.AddSource(source);
            }
            if (cell.PackageSources.Count > 0)
            {
                _output(CellOutput.Display(new() { ["text/html"] = HtmlList("Restore sources", cell.PackageSources) }));
            }
            if (cell.Packages.Count == 0)
            {
                return null;
            }
            var restored = _packages.Restore(cell.Packages);
            _options = _options.AddReferences(restored.Assemblies.Select(a => MetadataReference.CreateFromFile(a)));
            _output(CellOutput.Display(new() { ["text/html"] = HtmlList("Installed Packages", cell.Packages.Select(p => p.ToString())) }));
            return null;
        }
        catch (PackageRestoreException e)
        {
            return e.Message;
        }
    }

    private async Task<string?> SubmitAsync(string code)
    {
        ScriptState<object> state;
        try
        {
            state = _state is null
                ? await CSharpScript.Create(code, _options).RunAsync(catchException: _ => true)
                : await _state.ContinueWithAsync(code, _options, catchException: _ => true);
        }
        catch (CompilationErrorException e)
        {
            // A compile error keeps the previous state, as in the real kernel.
            return string.Join("\n", e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        }
        _state = state;
        if (state.Exception is { } exception)
        {
            return WithoutScriptingFrames(exception.ToString());
        }
        if (HasReturnValueMethod?.Invoke(state.Script, null) is true && state.ReturnValue is not DisplayedValue)
        {
            state.ReturnValue.Display();
        }
        return null;
    }

    /// <summary>Drops Roslyn's own frames from a stack trace: they say nothing about the learner's code.</summary>
    private static string WithoutScriptingFrames(string trace)
    {
        var lines = trace.Split('\n').ToList();
        var kept = lines.Where((line, i) =>
            !line.TrimStart().StartsWith("at Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal)
            && !(line.StartsWith("--- End of stack trace", StringComparison.Ordinal)
                 && (i + 1 >= lines.Count || lines[i + 1].TrimStart().StartsWith("at Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal))));
        return string.Join("\n", kept).TrimEnd();
    }

    private void HookAssemblyResolution()
    {
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            name.Name is { } simple && _packages.TryGetAssembly(simple, out var path) ? context.LoadFromAssemblyPath(path) : null;
        // Roslyn loads script references into contexts of its own; native libraries (libtorch) must resolve in each.
        var hooked = new HashSet<AssemblyLoadContext>();
        void Hook(AssemblyLoadContext? context)
        {
            if (context is not null && hooked.Add(context))
            {
                context.ResolvingUnmanagedDll += (_, name) => LoadNative(name);
            }
        }
        Hook(AssemblyLoadContext.Default);
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) =>
        {
            lock (hooked)
            {
                Hook(AssemblyLoadContext.GetLoadContext(e.LoadedAssembly));
            }
        };
    }

    private IntPtr LoadNative(string name)
    {
        string[] candidates = OperatingSystem.IsWindows() ? [name, name + ".dll"]
            : OperatingSystem.IsMacOS() ? [name, $"lib{name}.dylib", $"{name}.dylib"]
            : [name, $"lib{name}.so", $"{name}.so"];
        return candidates.Select(FindNative).FirstOrDefault(path => path is not null) is { } found
            ? LoadWithDependencies(found, depth: 0)
            : IntPtr.Zero;
    }

    private string? FindNative(string fileName) =>
        _packages.NativeDirectories.Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);

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
                && FindNative(missing.Groups[1].Value) is { } dependency)
            {
                LoadWithDependencies(dependency, depth + 1);
            }
            catch (DllNotFoundException)
            {
                return IntPtr.Zero;
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"([^\s:/]+\.(?:so[.0-9]*|dylib)): cannot open shared object file")]
    private static partial System.Text.RegularExpressions.Regex MissingDependency();

    private static string HtmlList(string title, IEnumerable<string> items) =>
        $"<div><div><strong>{title}</strong><ul>{string.Concat(items.Select(i => $"<li><span>{WebUtility.HtmlEncode(i)}</span></li>"))}</ul></div></div>";
}

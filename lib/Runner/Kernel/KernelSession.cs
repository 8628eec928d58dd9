using System.Diagnostics;
using System.Net;
using System.Runtime.Loader;
using LlmWorkbook.Runner.Protocol;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmWorkbook.Runner.Kernel;

/// <summary>
/// The kernel as a notebook sees it: runs one cell at a time — its directives, its packages, its imports, then its
/// code in the <see cref="ScriptKernel"/> — with the console and display calls captured as the cell's outputs.
/// </summary>
public sealed class KernelSession
{
    private readonly string _workingDirectory;
    private readonly Action<CellOutput> _output;
    private readonly ScriptKernel _script;
    private readonly PackageRestorer _packages;
    private readonly CellConsoleWriter _stdout;
    private readonly CellConsoleWriter _stderr;

    /// <summary>
    /// Starts a session in <paramref name="workingDirectory"/> (it becomes the current directory, as in VS Code);
    /// outputs go to <paramref name="output"/>, in-place display updates to <paramref name="update"/>.
    /// </summary>
    public KernelSession(string workingDirectory, Action<CellOutput> output, Action<string, IReadOnlyDictionary<string, string>> update)
    {
        _workingDirectory = Path.GetFullPath(workingDirectory);
        _output = output;
        Directory.SetCurrentDirectory(_workingDirectory);
        _packages = new PackageRestorer();
        _script = new ScriptKernel(_workingDirectory);

        var stdout = _stdout = new CellConsoleWriter("stdout", (name, text) => output(new StreamOutput(name, text)));
        var stderr = _stderr = new CellConsoleWriter("stderr", (name, text) => output(new StreamOutput(name, text)));
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

        // Load by simple name from the restored packages (Microsoft.ML.Tokenizers finds its Data.* packages this way).
        // A name already loaded in lower version (the kernel's FSharp.Core) stays unresolved, as in the real kernel.
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            name.Name is { } simple
            && _packages.TryGetAssembly(simple, out var path)
            && !context.Assemblies.Any(a => string.Equals(a.GetName().Name, simple, StringComparison.OrdinalIgnoreCase))
                ? context.LoadFromAssemblyPath(path)
                : null;
        new NativeLibraryResolver(() => _packages.NativeDirectories).Install();
    }

    /// <summary>Runs the hidden first submission.</summary>
    public Task StartAsync() => _script.StartAsync();

    /// <summary>Runs one cell's source; its outputs go to the output callback as they happen.</summary>
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
            _output(new DisplayOutput(new Dictionary<string, string> { ["text/markdown"] = cell.Markdown }));
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
                ? await _script.SubmitAsync(await File.ReadAllTextAsync(path))
                : $"#!import: file not found: {import}";
        }
        if (error is null && !string.IsNullOrWhiteSpace(cell.Code))
        {
            error = await _script.SubmitAsync(cell.Code);
        }
        _stdout.Flush();
        _stderr.Flush();
        if (cell.Time)
        {
            _output(new DisplayOutput(new Dictionary<string, string> { ["text/plain"] = $"Wall time: {clock.Elapsed.TotalMilliseconds:0.####}ms" }));
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
                _output(new DisplayOutput(new Dictionary<string, string> { ["text/html"] = HtmlList("Restore sources", cell.PackageSources) }));
            }
            if (cell.Packages.Count == 0)
            {
                return null;
            }
            var restored = _packages.Restore(cell.Packages);
            _script.AddReferences(restored.Assemblies);
            _output(new DisplayOutput(new Dictionary<string, string> { ["text/html"] = HtmlList("Installed Packages", cell.Packages.Select(p => p.ToString())) }));
            return null;
        }
        catch (PackageRestoreException e)
        {
            return e.Message;
        }
    }

    private static string HtmlList(string title, IEnumerable<string> items) =>
        $"<div><div><strong>{title}</strong><ul>{string.Concat(items.Select(i => $"<li><span>{WebUtility.HtmlEncode(i)}</span></li>"))}</ul></div></div>";
}

using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmWorkbook.Runner.Kernel;

/// <summary>
/// C# submissions on Roslyn scripting the way the Polyglot kernel makes them (see RUNNER.md): same script options and
/// imports, a hidden <c>using static Microsoft.DotNet.Interactive.Kernel;</c> submission, submissions chained with
/// ContinueWithAsync, a trailing value displayed by its preferred MIME type.
/// </summary>
public sealed class ScriptKernel
{
    private static readonly MethodInfo? HasReturnValueMethod =
        typeof(Script).GetMethod("HasReturnValue", BindingFlags.Instance | BindingFlags.NonPublic);

    private ScriptOptions _options;
    private ScriptState<object>? _state;

    /// <summary>Creates a kernel whose <c>#r</c> and <c>#load</c> resolve from <paramref name="workingDirectory"/>.</summary>
    public ScriptKernel(string workingDirectory)
    {
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
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(workingDirectory).WithSearchPaths(workingDirectory))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(workingDirectory).WithSearchPaths(workingDirectory));
    }

    /// <summary>Compiles and runs the hidden first submission, so the first real cell does not pay for Roslyn's start-up.</summary>
    public async Task StartAsync()
    {
        _state = await CSharpScript.RunAsync("using static Microsoft.DotNet.Interactive.Kernel;", _options);
    }

    /// <summary>Makes the assemblies at these paths available to later submissions.</summary>
    public void AddReferences(IEnumerable<string> assemblyPaths) =>
        _options = _options.AddReferences(assemblyPaths.Select(a => MetadataReference.CreateFromFile(a)));

    /// <summary>Runs one submission; returns null when it passed, else the diagnostics or the exception.</summary>
    public async Task<string?> SubmitAsync(string code)
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
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Kernel;
using LlmWorkbook.Runner.Notebooks;
using LlmWorkbook.Runner.Protocol;
using LlmWorkbook.Runner.Reporting;

namespace LlmWorkbook.Notebooks.Tests;

/// <summary>
/// Every course notebook executes all its cells through the headless runner; every solutions notebook also passes
/// every exercise check. One class, so notebooks run one at a time: each one wants both cores.
/// </summary>
public sealed partial class CourseNotebookTests
{
    // The runner reads the marker the course library writes; a run that holds no such block fails the chart checks.
    private const string PlotlyJsScriptTag = HtmlExport.PlotlyJsScriptTag;

    private static readonly RunOptions Options = new() { CellTimeout = TimeSpan.FromMinutes(10) };

    public static TheoryData<string> CourseNotebooks => new(NotebookFiles("notebooks"));

    public static TheoryData<string> SolutionNotebooks => new(NotebookFiles(Path.Combine("notebooks", "solutions")));

    [Theory]
    [MemberData(nameof(CourseNotebooks))]
    public async Task Every_cell_runs(string notebook)
    {
        var run = await RunAsync(notebook);
        var checks = ExerciseOutcomes(run);
        Assert.DoesNotContain("passed", checks); // the course notebook leaves its exercises to the learner
    }

    [Theory]
    [MemberData(nameof(SolutionNotebooks))]
    public async Task Every_cell_runs_and_every_exercise_check_passes(string notebook)
    {
        var run = await RunAsync(notebook);
        var expectedChecks = run.Cells.Sum(c => CheckCall().Matches(c.Cell.Source).Count);
        var outcomes = ExerciseOutcomes(run);
        Assert.True(expectedChecks > 0, $"{notebook} has no Exercise.Check call");
        Assert.Equal(Enumerable.Repeat("passed", expectedChecks), outcomes);
    }

    /// <summary>
    /// Notebook 06 once more with its vector store on PostgreSQL + pgvector (a throwaway cluster): the same cells, the
    /// same checks. Without PostgreSQL it fails with the install hint, unless WORKBOOK_SKIP_POSTGRES=1 (never in CI).
    /// </summary>
    [PostgresFact]
    public async Task The_rag_notebook_runs_on_PostgreSQL()
    {
        await RunAsync(Path.Combine("notebooks", "06-rag.ipynb"), new Dictionary<string, string> { ["WORKBOOK_VECTOR_STORE"] = "postgres" });
    }

    [Fact]
    public void Every_course_notebook_with_exercises_has_a_solutions_notebook()
    {
        foreach (var notebook in NotebookFiles("notebooks"))
        {
            var document = NotebookDocument.Load(Path.Combine(Root, notebook));
            if (document.Cells.Any(c => CheckCall().IsMatch(c.Source)))
            {
                var solutions = Path.Combine(Root, "notebooks", "solutions", Path.GetFileNameWithoutExtension(notebook) + "-solutions.ipynb");
                Assert.True(File.Exists(solutions), $"{notebook} has exercises but no {Path.GetRelativePath(Root, solutions)}");
            }
        }
    }

    [Fact]
    public void Notebook_packages_are_pinned_to_the_versions_in_Directory_Packages_props()
    {
        var pinned = XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value, StringComparer.OrdinalIgnoreCase);
        pinned["LlmWorkbook"] = XDocument.Load(Path.Combine(Root, "lib", "LlmWorkbook", "LlmWorkbook.csproj")).Descendants("Version").Single().Value;
        var all = NotebookFiles("notebooks").Concat(NotebookFiles(Path.Combine("notebooks", "solutions")));
        foreach (var notebook in all)
        {
            foreach (var cell in NotebookDocument.Load(Path.Combine(Root, notebook)).Cells.Where(c => c.IsCode))
            {
                foreach (var (name, version) in CellDirectives.Parse(cell.Source).Packages)
                {
                    Assert.True(version is not null, $"{notebook}: #r \"nuget: {name}\" names no version; the kernel would take the latest");
                    Assert.True(pinned.TryGetValue(name, out var expected), $"{notebook}: {name} is not pinned in Directory.Packages.props");
                    Assert.True(expected == version, $"{notebook}: {name} is {version} but Directory.Packages.props pins {expected}");
                }
            }
        }
    }

    [Fact]
    public void No_cell_has_tags()
    {
        // Tags mean nothing to the real kernel: a cell tagged raises-exception that throws is a failed cell there.
        foreach (var notebook in AllNotebookFiles())
        {
            foreach (var cell in NotebookDocument.Load(Path.Combine(Root, notebook)).Cells)
            {
                Assert.True(cell.Tags.Count == 0, $"{notebook}: cell {cell.Index + 1} ({cell.FirstLine}) has tags {string.Join(", ", cell.Tags)}");
            }
        }
    }

    [Fact]
    public void Every_cell_has_a_unique_schema_valid_id()
    {
        foreach (var notebook in AllNotebookFiles())
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var cells = NotebookJson(notebook)["cells"]!.AsArray();
            for (var i = 0; i < cells.Count; i++)
            {
                var id = cells[i]!["id"]?.GetValue<string>();
                Assert.True(id is not null, $"{notebook}: cell {i + 1} has no id (nbformat 4.5 requires one)");
                Assert.True(CellId().IsMatch(id), $"{notebook}: cell {i + 1} has the id '{id}', which is not 1-64 characters of a-z, A-Z, 0-9, - and _");
                Assert.True(seen.Add(id), $"{notebook}: cell {i + 1} repeats the id '{id}'");
            }
        }
    }

    [Fact]
    public void No_saved_output_references_a_remote_script_or_stylesheet()
    {
        foreach (var notebook in AllNotebookFiles())
        {
            var outputs = NotebookJson(notebook)["cells"]!.AsArray().SelectMany(c => c!["outputs"]?.AsArray() ?? []);
            foreach (var text in outputs.SelectMany(Texts))
            {
                AssertNoRemoteReference(notebook, text);
            }
        }
    }

    private static void AssertNoRemoteReference(string notebook, string html)
    {
        var remote = RemoteReference().Match(html);
        Assert.False(remote.Success, $"{notebook}: an output references a remote script or stylesheet ({remote.Value}); charts and tables must render offline");
    }

    /// <summary>The strings in a saved output; a list of lines (how Jupyter saves text) is joined into one.</summary>
    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        JsonArray lines when lines.All(l => l is JsonValue v && v.TryGetValue<string>(out _)) => [string.Concat(lines.Select(l => l!.GetValue<string>()))],
        JsonArray items => items.SelectMany(Texts),
        JsonObject fields => fields.Select(f => f.Value).SelectMany(Texts),
        _ => [],
    };

    private static JsonObject NotebookJson(string notebook) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root, notebook)))!.AsObject();

    private static IEnumerable<string> AllNotebookFiles() =>
        NotebookFiles("notebooks").Concat(NotebookFiles(Path.Combine("notebooks", "solutions")));

    private static async Task<NotebookRun> RunAsync(string notebook, IReadOnlyDictionary<string, string>? environment = null)
    {
        var feed = Path.Combine(Root, "artifacts", "packages");
        Assert.True(Directory.Exists(feed) && Directory.GetFiles(feed, "LlmWorkbook.*.nupkg").Length > 0,
            "The library package is missing from artifacts/packages: run ./workbook setup (./workbook test does it for you).");
        var run = await NotebookExecutor.RunAsync(Path.Combine(Root, notebook), environment is null ? Options : Options with { Environment = environment });
        Assert.True(run.Problem is null, run.Problem);
        var failures = run.Cells.Where(c => c.Failed).Select(c => $"cell {c.Number} ({c.Cell.FirstLine}): {c.Error}");
        Assert.True(run.Passed, $"{notebook}:\n{string.Join("\n\n", failures)}");
        var html = run.Cells.SelectMany(c => c.Outputs).SelectMany(o => o is DisplayOutput display ? display.Data.Values : []).ToList();
        foreach (var output in html)
        {
            AssertNoRemoteReference(notebook, output);
        }
        // Only the first chart a kernel shows carries plotly.js, so a saved notebook holds one copy.
        var plotlyCopies = html.Count(h => h.Contains(PlotlyJsScriptTag, StringComparison.Ordinal));
        Assert.True(plotlyCopies == (html.Any(h => h.Contains("class=\"workbook-chart\"", StringComparison.Ordinal)) ? 1 : 0),
            $"{notebook}: {plotlyCopies} outputs carry plotly.js; the first chart should, and no other output");
        if (plotlyCopies == 1)
        {
            var plotlyJs = File.ReadAllText(Path.Combine(Root, "artifacts", "data", "plotly", "plotly.min.js"));
            Assert.True(html.Any(h => h.Contains(PlotlyJsScriptTag + plotlyJs + "</script>", StringComparison.Ordinal)),
                $"{notebook}: the first chart carries plotly.js, but not all of it (was the output cut?)");
        }
        return run;
    }

    private static List<string> ExerciseOutcomes(NotebookRun run) =>
        run.Cells.SelectMany(c => c.Outputs)
            .SelectMany(o => o is DisplayOutput display ? display.Data.Values : [])
            .SelectMany(html => ExerciseOutcome().Matches(html).Select(m => m.Groups[1].Value))
            .ToList();

    private static List<string> NotebookFiles(string folder)
    {
        var directory = Path.Combine(Root, folder);
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.ipynb").Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(Root, f)).ToList()
            : [];
    }

    private static string Root { get; } = RepositoryRoot.Find();

    [GeneratedRegex(@"\bExercise\.Check\s*\(")]
    private static partial Regex CheckCall();

    [GeneratedRegex(@"data-exercise-outcome=""([a-z]+)""")]
    private static partial Regex ExerciseOutcome();

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex CellId();

    /// <summary>A script, stylesheet or import loaded from another host (http, https or protocol-relative).</summary>
    [GeneratedRegex(@"<(script|link)\b[^>]*\b(src|href)\s*=\s*[""']?\s*(https?:)?//|@import\s+(url\()?\s*[""']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteReference();
}

using System.Text.RegularExpressions;
using System.Xml.Linq;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Notebooks;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Notebooks.Tests;

/// <summary>
/// Every course notebook executes all its cells through the headless runner; every solutions notebook also passes
/// every exercise check. One class, so notebooks run one at a time: each one wants both cores.
/// </summary>
public sealed partial class CourseNotebookTests
{
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
                foreach (Match reference in NuGetReference().Matches(cell.Source))
                {
                    var (name, version) = (reference.Groups["name"].Value, reference.Groups["version"].Value);
                    Assert.True(pinned.TryGetValue(name, out var expected), $"{notebook}: {name} is not pinned in Directory.Packages.props");
                    Assert.True(expected == version, $"{notebook}: {name} is {version} but Directory.Packages.props pins {expected}");
                }
            }
        }
    }

    private static async Task<NotebookRun> RunAsync(string notebook)
    {
        var feed = Path.Combine(Root, "artifacts", "packages");
        Assert.True(Directory.Exists(feed) && Directory.GetFiles(feed, "LlmWorkbook.*.nupkg").Length > 0,
            "The library package is missing from artifacts/packages: run ./workbook setup (./workbook test does it for you).");
        var run = await NotebookExecutor.RunAsync(Path.Combine(Root, notebook), Options);
        Assert.True(run.Problem is null, run.Problem);
        var failures = run.Cells.Where(c => c.Failed).Select(c => $"cell {c.Number} ({c.Cell.FirstLine}): {c.Error}");
        Assert.True(run.Passed, $"{notebook}:\n{string.Join("\n\n", failures)}");
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

    [GeneratedRegex(@"^\s*#r\s+""nuget:\s*(?<name>[^,""\s]+)\s*,\s*(?<version>[^""\s]+)\s*""", RegexOptions.Multiline)]
    private static partial Regex NuGetReference();
}

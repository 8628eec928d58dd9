using System.Globalization;
using System.Xml.Linq;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Reporting;

/// <summary>A JUnit XML report: a test suite per notebook, a test case per code cell.</summary>
public static class JUnitReport
{
    public static void Write(string path, IReadOnlyList<NotebookRun> runs)
    {
        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var suites = new XElement("testsuites",
            new XAttribute("tests", runs.Sum(r => Math.Max(1, r.Cells.Count))),
            new XAttribute("failures", runs.Sum(r => r.Problem is null ? r.FailedCount : 1)),
            new XAttribute("time", Seconds(TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)))));
        foreach (var run in runs)
        {
            var name = Path.GetFileNameWithoutExtension(run.Path);
            var suite = new XElement("testsuite",
                new XAttribute("name", run.Path),
                new XAttribute("tests", Math.Max(1, run.Cells.Count)),
                new XAttribute("failures", run.Problem is null ? run.FailedCount : 1),
                new XAttribute("skipped", run.Cells.Count(c => c.Status == CellStatus.Skipped)),
                new XAttribute("time", Seconds(run.Elapsed)));
            if (run.Problem is { } problem)
            {
                suite.Add(new XElement("testcase", new XAttribute("classname", name), new XAttribute("name", "notebook"),
                    new XElement("failure", new XAttribute("message", problem), problem)));
            }
            foreach (var cell in run.Cells)
            {
                var testCase = new XElement("testcase",
                    new XAttribute("classname", name),
                    new XAttribute("name", $"cell {cell.Number:00}: {cell.Cell.FirstLine}"),
                    new XAttribute("time", Seconds(cell.Elapsed)));
                if (cell.Status == CellStatus.Skipped)
                {
                    testCase.Add(new XElement("skipped"));
                }
                else if (cell.Failed)
                {
                    var message = (cell.Error ?? cell.Status.ToString()).Split('\n')[0];
                    testCase.Add(new XElement("failure", new XAttribute("message", message), new XAttribute("type", cell.Status.ToString()), cell.Error));
                }
                var stdout = string.Concat(cell.Outputs.OfType<StreamOutput>().Select(o => o.Text));
                if (stdout.Length > 0)
                {
                    testCase.Add(new XElement("system-out", stdout));
                }
                suite.Add(testCase);
            }
            suites.Add(suite);
        }
        var temporary = path + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        new XDocument(new XDeclaration("1.0", "utf-8", null), suites).Save(temporary);
        File.Move(temporary, path, overwrite: true);
    }
}

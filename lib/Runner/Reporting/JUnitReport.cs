using System.Buffers;
using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Reporting;

/// <summary>
/// A JUnit XML report: a test suite per notebook, a test case per code cell. Characters XML cannot hold (an ANSI
/// escape, a NUL a cell printed) are written as <c>\uXXXX</c>.
/// </summary>
public static class JUnitReport
{
    /// <summary>Writes the report for <paramref name="runs"/> to <paramref name="path"/> through a temporary file that never stays behind.</summary>
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
                new XAttribute("name", XmlText(run.Path)),
                new XAttribute("tests", Math.Max(1, run.Cells.Count)),
                new XAttribute("failures", run.Problem is null ? run.FailedCount : 1),
                new XAttribute("skipped", run.Cells.Count(c => c.Status == CellStatus.Skipped)),
                new XAttribute("time", Seconds(run.Elapsed)));
            if (run.Problem is { } problem)
            {
                suite.Add(new XElement("testcase", new XAttribute("classname", name), new XAttribute("name", "notebook"),
                    new XElement("failure", new XAttribute("message", XmlText(problem)), XmlText(problem))));
            }
            foreach (var cell in run.Cells)
            {
                var testCase = new XElement("testcase",
                    new XAttribute("classname", name),
                    new XAttribute("name", XmlText($"cell {cell.Number:00}: {cell.Cell.FirstLine}")),
                    new XAttribute("time", Seconds(cell.Elapsed)));
                if (cell.Status == CellStatus.Skipped)
                {
                    testCase.Add(new XElement("skipped"));
                }
                else if (cell.Failed)
                {
                    var message = (cell.Error ?? cell.Status.ToString()).Split('\n')[0];
                    testCase.Add(new XElement("failure", new XAttribute("message", XmlText(message)), new XAttribute("type", cell.Status.ToString()), XmlText(cell.Error ?? "")));
                }
                var stdout = string.Concat(cell.Outputs.OfType<StreamOutput>().Select(o => o.Text));
                if (stdout.Length > 0)
                {
                    testCase.Add(new XElement("system-out", XmlText(stdout)));
                }
                suite.Add(testCase);
            }
            suites.Add(suite);
        }
        var temporary = path + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), suites).Save(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string XmlText(string text)
    {
        if (!text.AsSpan().ContainsAnyExcept(XmlSafe))
        {
            return text;
        }
        var safe = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                safe.Append(c);
            }
            else
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }
        return safe.ToString();
    }

    // Printable ASCII plus tab and newlines: the common case, checked without a loop.
    private static readonly SearchValues<char> XmlSafe = SearchValues.Create(
        "\t\n\r" + string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c)));
}

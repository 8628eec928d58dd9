using System.Xml.Linq;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Notebooks;
using LlmWorkbook.Runner.Protocol;
using LlmWorkbook.Runner.Reporting;

namespace LlmWorkbook.Runner.Tests.Reporting;

/// <summary>The JUnit XML report: one test case per cell, any text a cell printed, never a temp file left behind.</summary>
public sealed class JUnitReportTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Fact]
    public void Write_escapes_characters_xml_cannot_hold_in_names_messages_and_output()
    {
        var cell = new NotebookCell(1, "code", "Console.Write(\"\u0007\");", []);
        var result = new CellResult(cell, CellStatus.Failed, [new StreamOutput("stdout", "\u001b[1mbold\0")], "bad \u0001 error", TimeSpan.FromSeconds(1));
        var path = Path.Combine(_notebooks.Folder, "report.xml");

        JUnitReport.Write(path, [new NotebookRun("n.ipynb", [result], TimeSpan.FromSeconds(1))]);

        var testCase = XDocument.Load(path).Descendants("testcase").Single();
        Assert.Equal("\\u001B[1mbold\\u0000", testCase.Element("system-out")!.Value);
        Assert.Equal("bad \\u0001 error", testCase.Element("failure")!.Attribute("message")!.Value);
        Assert.Empty(Directory.GetFiles(_notebooks.Folder, "*.tmp"));
    }

    [Fact]
    public void Write_into_a_path_that_cannot_be_created_throws_and_leaves_no_temp_file()
    {
        var file = _notebooks.WriteText("not-a-folder", "");
        Assert.ThrowsAny<IOException>(() => JUnitReport.Write(Path.Combine(file, "report.xml"), []));
        Assert.Empty(Directory.GetFiles(_notebooks.Folder, "*.tmp"));
    }
}

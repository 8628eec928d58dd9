using System.Xml.Linq;

namespace LlmWorkbook.Runner.Tests;

/// <summary>The command line end to end: exit codes, failures named, the JUnit report.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Fact]
    public async Task The_command_line_names_failures_writes_a_junit_report_and_sets_the_exit_code()
    {
        var good = _notebooks.Write("good", "1");
        var bad = _notebooks.Write("bad", "var fine = 1;", "fine.NoSuchMember()");
        var report = Path.Combine(_notebooks.Folder, "report.xml");
        using var runner = RunnerCli.Start("run", "--report", report, good, bad);
        var stdout = await runner.StandardOutput.ReadToEndAsync();
        await runner.WaitForExitAsync();
        Assert.Equal(1, runner.ExitCode);
        Assert.Contains($"{bad} cell 3 (fine.NoSuchMember()): (1,6): error CS1061", stdout);
        var suites = XDocument.Load(report).Root!;
        Assert.Equal(3, suites.Descendants("testcase").Count());
        var failure = Assert.Single(suites.Descendants("failure"));
        Assert.Contains("cell 03: fine.NoSuchMember()", failure.Parent!.Attribute("name")!.Value);

        using var ok = RunnerCli.Start("run", good);
        await ok.StandardOutput.ReadToEndAsync();
        await ok.WaitForExitAsync();
        Assert.Equal(0, ok.ExitCode);

        using var usage = RunnerCli.Start("run", "--timeout-cell", "soon", good);
        await usage.WaitForExitAsync();
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--timeout-cell needs a positive number", await usage.StandardError.ReadToEndAsync());
    }
}

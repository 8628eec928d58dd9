using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Notebooks;

namespace LlmWorkbook.Runner.Tests;

/// <summary>Timeouts, bad input, writing back, reports and the command line.</summary>
public sealed class RobustnessTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Fact]
    public async Task An_endless_cell_is_stopped_at_the_timeout_and_the_rest_is_reported_not_run()
    {
        var path = _notebooks.Write("endless", "var started = true;", "while (true) { }", "1");
        var clock = Stopwatch.StartNew();
        var run = await NotebookExecutor.RunAsync(path, new RunOptions { CellTimeout = TimeSpan.FromSeconds(3) });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
        Assert.Equal(CellStatus.Passed, run.Cell(2).Status);
        Assert.Equal(CellStatus.TimedOut, run.Cell(3).Status);
        Assert.Contains("did not finish within the 3 s cell timeout", run.Cell(3).Error);
        Assert.Equal(CellStatus.NotRun, run.Cell(4).Status);
        Assert.False(run.Passed);
    }

    [Fact]
    public async Task A_kernel_that_dies_fails_its_cell_with_the_exit_code_and_the_rest_is_not_run()
    {
        var run = await _notebooks.RunAsync("dies", "Console.WriteLine(\"before\");", "Environment.Exit(3);", "1");
        Assert.Equal(CellStatus.Passed, run.Cell(2).Status);
        Assert.Equal(CellStatus.Failed, run.Cell(3).Status);
        Assert.Contains("exited with code 3 while running cell 3", run.Cell(3).Error);
        Assert.Equal(CellStatus.NotRun, run.Cell(4).Status);
    }

    [Theory]
    [InlineData("not json at all", "is not valid JSON")]
    [InlineData("""{"nbformat": 3, "metadata": {}, "worksheets": []}""", "is nbformat 3; only nbformat 4")]
    [InlineData("""{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "language": "python"}}, "cells": []}""", "is a python notebook")]
    [InlineData("""{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}""", "names no kernel")]
    [InlineData("""[1, 2]""", "top level of the JSON is not an object")]
    public async Task Bad_input_is_named_with_the_reason(string content, string reason)
    {
        var path = _notebooks.WriteText("bad.ipynb", content);
        var run = await NotebookExecutor.RunAsync(path, new RunOptions());
        Assert.False(run.Passed);
        Assert.StartsWith(path + ": ", run.Problem);
        Assert.Contains(reason, run.Problem);
    }

    [Fact]
    public async Task Write_saves_outputs_in_the_shape_vs_code_writes_and_keeps_everything_else()
    {
        var path = _notebooks.Write("write", "Console.WriteLine(\"printed\");\n\"value\"", "throw new Exception(\"bad\");");
        var before = JsonNode.Parse(File.ReadAllText(path))!;
        before["metadata"]!["custom"] = "kept";
        File.WriteAllText(path, before.ToJsonString());

        var run = await NotebookExecutor.RunAsync(path, new RunOptions { WriteOutputs = true });
        Assert.False(run.Passed);

        var after = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal("kept", after["metadata"]!["custom"]!.GetValue<string>());
        var cells = after["cells"]!.AsArray();
        Assert.Equal("# write", cells[0]!["source"]!.GetValue<string>());
        var first = cells[1]!["outputs"]!.AsArray();
        Assert.Equal("stream", first[0]!["output_type"]!.GetValue<string>());
        Assert.Equal("stdout", first[0]!["name"]!.GetValue<string>());
        Assert.Equal("printed\n", first[0]!["text"]![0]!.GetValue<string>());
        Assert.Equal("display_data", first[1]!["output_type"]!.GetValue<string>());
        Assert.Equal("value", first[1]!["data"]!["text/plain"]![0]!.GetValue<string>());
        Assert.Equal(1, cells[1]!["execution_count"]!.GetValue<int>());
        var error = cells[2]!["outputs"]![0]!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("Error", error["ename"]!.GetValue<string>());
        Assert.Contains("System.Exception: bad", error["evalue"]!.GetValue<string>());
        Assert.Empty(Directory.GetFiles(_notebooks.Folder, "*.tmp"));
    }

    [Fact]
    public async Task A_run_killed_midway_leaves_the_notebook_untouched()
    {
        var path = _notebooks.Write("killed", "Console.WriteLine(\"first\");", "System.Threading.Thread.Sleep(60_000);");
        var original = await File.ReadAllBytesAsync(path);
        using var runner = StartCli("run", "--write", path);
        var output = new System.Text.StringBuilder();
        runner.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        runner.BeginOutputReadLine();
        var clock = Stopwatch.StartNew();
        while (!output.ToString().Contains("cell   2") && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }
        runner.Kill(entireProcessTree: true);
        await runner.WaitForExitAsync();
        Assert.Equal(original, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Secrets_from_the_environment_never_reach_outputs()
    {
        var path = _notebooks.Write("secrets",
            "var key = Environment.GetEnvironmentVariable(\"WORKBOOK_TEST_API_KEY\");\nConsole.WriteLine($\"key is {key}\");\nkey",
            "throw new Exception(\"bad key \" + Environment.GetEnvironmentVariable(\"WORKBOOK_TEST_API_KEY\"));",
            "\"sk-abcdefghijklmnopqrstuvwxyz123456\"");
        var secret = "s3cr3t-value-" + Guid.NewGuid().ToString("N");
        var run = await NotebookExecutor.RunAsync(path, new RunOptions
        {
            WriteOutputs = true,
            Environment = new Dictionary<string, string> { ["WORKBOOK_TEST_API_KEY"] = secret },
        });
        var saved = string.Join("\n", JsonNode.Parse(await File.ReadAllTextAsync(path))!["cells"]!.AsArray()
            .Select(c => c!["outputs"]?.ToJsonString() ?? ""));
        Assert.DoesNotContain(secret, saved);
        Assert.DoesNotContain("sk-abcdefghijklmnopqrstuvwxyz123456", saved);
        Assert.Equal("key is ***\n", run.Cell(2).Outputs[0].Text);
        Assert.Contains("bad key ***", run.Cell(3).Error);
    }

    [Fact]
    public async Task Tagged_cells_may_raise_or_be_skipped()
    {
        var path = _notebooks.Write("tags", "throw new Exception(\"expected\");", "throw new Exception(\"never runs\");", "2");
        var notebook = JsonNode.Parse(File.ReadAllText(path))!;
        notebook["cells"]![1]!["metadata"]!["tags"] = new JsonArray("raises-exception");
        notebook["cells"]![2]!["metadata"]!["tags"] = new JsonArray("skip-execution");
        File.WriteAllText(path, notebook.ToJsonString());
        var run = await NotebookExecutor.RunAsync(path, new RunOptions());
        Assert.True(run.Passed);
        Assert.Equal(CellStatus.Passed, run.Cell(2).Status);
        Assert.Contains("expected", run.Cell(2).Outputs.Single().ErrorValue);
        Assert.Equal(CellStatus.Skipped, run.Cell(3).Status);
    }

    [Fact]
    public async Task Older_notebook_files_with_string_sources_run()
    {
        var path = _notebooks.WriteText("old.ipynb", """
            {"nbformat": 4, "nbformat_minor": 2,
             "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"}},
             "cells": [{"cell_type": "code", "execution_count": 3, "metadata": {"dotnet_interactive": {"language": "csharp"}},
                        "outputs": [], "source": "var a = 20;\na + 22"}]}
            """);
        var run = await NotebookExecutor.RunAsync(path, new RunOptions());
        Assert.True(run.Passed);
        Assert.Contains("<pre>42</pre>", run.Cell(1).Outputs.Single().Data!["text/html"]);
    }

    [Fact]
    public async Task The_command_line_names_failures_writes_a_junit_report_and_sets_the_exit_code()
    {
        var good = _notebooks.Write("good", "1");
        var bad = _notebooks.Write("bad", "var fine = 1;", "fine.NoSuchMember()");
        var report = Path.Combine(_notebooks.Folder, "report.xml");
        using var runner = StartCli("run", "--report", report, good, bad);
        var stdout = await runner.StandardOutput.ReadToEndAsync();
        await runner.WaitForExitAsync();
        Assert.Equal(1, runner.ExitCode);
        Assert.Contains($"{bad} cell 3 (fine.NoSuchMember()): (1,6): error CS1061", stdout);
        var suites = XDocument.Load(report).Root!;
        Assert.Equal(3, suites.Descendants("testcase").Count());
        var failure = Assert.Single(suites.Descendants("failure"));
        Assert.Contains("cell 03: fine.NoSuchMember()", failure.Parent!.Attribute("name")!.Value);

        using var ok = StartCli("run", good);
        await ok.StandardOutput.ReadToEndAsync();
        await ok.WaitForExitAsync();
        Assert.Equal(0, ok.ExitCode);

        using var usage = StartCli("run", "--timeout-cell", "soon", good);
        await usage.WaitForExitAsync();
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--timeout-cell needs a positive number", await usage.StandardError.ReadToEndAsync());
    }

    private static Process StartCli(params string[] args)
    {
        var dll = typeof(NotebookExecutor).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "exec", "--runtimeconfig", Path.ChangeExtension(dll, ".runtimeconfig.json"), "--depsfile", Path.ChangeExtension(dll, ".deps.json"), dll },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }
}

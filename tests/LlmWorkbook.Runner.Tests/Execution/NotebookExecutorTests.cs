using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Tests.Execution;

/// <summary>Running a notebook in a kernel process: timeouts, dead kernels, tags, secrets, writing back.</summary>
public sealed class NotebookExecutorTests : IDisposable
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
        Assert.Contains("expected", run.Cell(2).Outputs.Single().AsError().Text);
        Assert.Equal(CellStatus.Skipped, run.Cell(3).Status);
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
        Assert.Equal("key is ***\n", run.Cell(2).Outputs[0].AsStream().Text);
        Assert.Contains("bad key ***", run.Cell(3).Error);
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
        using var runner = RunnerCli.Start("run", "--write", path);
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
}

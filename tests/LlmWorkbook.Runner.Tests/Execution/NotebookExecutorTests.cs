using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Tests.Execution;

/// <summary>Running a notebook in a kernel process: timeouts, dead kernels, tags, secrets, writing back.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
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
        bool FirstCellDone()
        {
            lock (output)
            {
                return output.ToString().Contains("cell   2");
            }
        }
        while (!FirstCellDone() && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }
        // Killed only once the run is midway: the first cell done, the second running.
        Assert.True(FirstCellDone(), "the first cell never finished");
        runner.Kill(entireProcessTree: true);
        await runner.WaitForExitAsync();
        Assert.Equal(original, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task A_secret_in_the_stderr_of_a_crashed_kernel_is_redacted()
    {
        var secret = "s3cr3t-value-" + Guid.NewGuid().ToString("N");
        var path = _notebooks.Write("stderr-secret",
            "var stderr = new System.IO.StreamWriter(Console.OpenStandardError());\nstderr.WriteLine(\"the key: \" + Environment.GetEnvironmentVariable(\"WORKBOOK_TEST_API_KEY\"));\nstderr.Flush();\nEnvironment.Exit(3);");
        var run = await NotebookExecutor.RunAsync(path, new RunOptions
        {
            WriteOutputs = true,
            Environment = new Dictionary<string, string> { ["WORKBOOK_TEST_API_KEY"] = secret },
        });
        Assert.Contains("the key: ***", run.Cell(2).Error);
        Assert.DoesNotContain(secret, run.Cell(2).Error);
        Assert.DoesNotContain(secret, run.Cell(2).Text);
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task A_secret_written_in_two_flushes_is_redacted_in_the_joined_text()
    {
        var secret = "s3cr3t-value-" + Guid.NewGuid().ToString("N");
        var path = _notebooks.Write("split-secret",
            "var k = Environment.GetEnvironmentVariable(\"WORKBOOK_TEST_API_KEY\")!;\nConsole.Write(k[..10]); Console.Out.Flush(); Console.WriteLine(k[10..]);",
            "Console.Write(\"sk-abcdefghij\"); Console.Out.Flush(); Console.WriteLine(\"klmnopqrstuvwxyz123456\");");
        var run = await NotebookExecutor.RunAsync(path, new RunOptions
        {
            WriteOutputs = true,
            Environment = new Dictionary<string, string> { ["WORKBOOK_TEST_API_KEY"] = secret },
        });
        Assert.Equal("***\n", run.Cell(2).Text);
        Assert.Equal("***\n", run.Cell(3).Text);
        var saved = string.Join("\n", JsonNode.Parse(await File.ReadAllTextAsync(path))!["cells"]!.AsArray()
            .Select(c => c!["outputs"]?.ToJsonString() ?? ""));
        Assert.DoesNotContain(secret[..10], saved);
        Assert.DoesNotContain("sk-abcdefghij", saved);
    }

    [Fact]
    public async Task Printing_80000_lines_takes_linear_time()
    {
        var clock = Stopwatch.StartNew();
        var run = await _notebooks.RunAsync("many-lines", "for (var i = 0; i < 80_000; i++) Console.WriteLine(i);");
        Assert.True(run.Passed, run.Cell(2).Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"took {clock.Elapsed}");
        var text = run.Cell(2).Outputs.Single().AsStream().Text;
        Assert.StartsWith("0\n1\n", text);
        Assert.EndsWith("\n79999\n", text);
    }

    [Fact]
    public async Task Console_output_past_the_limit_keeps_its_beginning_and_end_and_says_how_much_was_dropped()
    {
        // 3,000,000 lines of 8 characters: 24 million characters, far past the 1 million an output keeps.
        var run = await _notebooks.RunAsync("flood", "for (var i = 0; i < 3_000_000; i++) Console.WriteLine($\"{i,7}\");");
        Assert.True(run.Passed, run.Cell(2).Error);
        var text = run.Cell(2).Outputs.Single().AsStream().Text;
        Assert.InRange(text.Length, CappedText.DefaultLimit, CappedText.DefaultLimit + 200);
        Assert.StartsWith("      0\n      1\n", text);
        Assert.EndsWith("2999999\n", text);
        Assert.Contains("23,000,000 characters dropped", text);
    }

    [Fact]
    public async Task Html_that_carries_a_script_library_arrives_whole()
    {
        // The first chart a notebook shows carries plotly.js inline: about 4.9 million characters of HTML.
        var run = await _notebooks.RunAsync("big-html", "HTML(\"<script>\" + new string('x', 5_000_000) + \"</script>\")");
        Assert.True(run.Passed, run.Cell(2).Error);
        var html = run.Cell(2).Outputs.Single().AsDisplay().Data["text/html"];
        Assert.Equal(5_000_017, html.Length);
        Assert.EndsWith("x</script>", html);
    }

    [Fact]
    public async Task A_huge_trailing_value_is_truncated_with_a_note()
    {
        var run = await _notebooks.RunAsync("huge-value", "new string('x', 200_000_000)", "\"still running\"");
        Assert.True(run.Passed, run.Cell(2).Error);
        var shown = run.Cell(2).Outputs.Single().AsDisplay().Data["text/plain"];
        Assert.True(shown.Length < CappedText.DefaultLimit + 200, $"{shown.Length} characters");
        Assert.Contains("199,000,000 characters dropped", shown);
        Assert.Equal("still running", run.Cell(3).Outputs.Single().AsDisplay().Data["text/plain"]);
    }

    [Fact]
    public async Task Write_refuses_a_read_only_notebook_and_leaves_it_as_it_was()
    {
        var path = _notebooks.Write("read-only", "1");
        var original = await File.ReadAllBytesAsync(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        var run = await NotebookExecutor.RunAsync(path, new RunOptions { WriteOutputs = true });
        Assert.False(run.Passed);
        Assert.Equal($"{path}: is read-only, so --write will not replace it (make it writable, or run without --write)", run.Problem);
        Assert.Equal(original, await File.ReadAllBytesAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Write_keeps_the_files_mode_and_writes_through_a_symbolic_link()
    {
        var target = _notebooks.Write("target", "40 + 2");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var link = Path.Combine(_notebooks.Folder, "link.ipynb");
        File.CreateSymbolicLink(link, target);

        var run = await NotebookExecutor.RunAsync(link, new RunOptions { WriteOutputs = true });
        Assert.True(run.Passed, run.Problem);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Contains("<pre>42</pre>", await File.ReadAllTextAsync(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(target));
        Assert.Empty(Directory.GetFiles(_notebooks.Folder, "*.tmp"));
    }

    [Fact]
    public async Task A_notebook_whose_folder_cannot_be_written_keeps_its_results_and_names_the_file()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_notebooks.Folder, "gone")).FullName;
        var path = Path.Combine(folder, "gone.ipynb");
        File.Move(_notebooks.Write("gone", "System.IO.Directory.Delete(System.IO.Directory.GetCurrentDirectory(), recursive: true);", "2"), path);
        var run = await NotebookExecutor.RunAsync(path, new RunOptions { WriteOutputs = true });
        Assert.Equal(CellStatus.Passed, run.Cell(2).Status);
        Assert.Equal(CellStatus.Passed, run.Cell(3).Status);
        Assert.StartsWith($"{path}: the outputs could not be written back (", run.Problem);
    }

    [Fact]
    public async Task A_process_a_cell_starts_does_not_outlive_the_run()
    {
        var path = _notebooks.Write("child",
            "var child = System.Diagnostics.Process.Start(\"sleep\", \"1000\");\nSystem.IO.File.WriteAllText(\"child.pid\", child.Id.ToString());");
        var run = await NotebookExecutor.RunAsync(path, new RunOptions());
        Assert.True(run.Passed, run.Cell(2).Error);
        var child = int.Parse(await File.ReadAllTextAsync(Path.Combine(_notebooks.Folder, "child.pid")));
        Assert.True(await ProcessProbe.EndsWithinAsync(child, TimeSpan.FromSeconds(10)), $"sleep ({child}) still runs after the run ended");
    }

    [Fact]
    public async Task A_kernel_stopped_by_FailFast_reports_the_message_and_the_cells_frames()
    {
        var run = await _notebooks.RunAsync("fail-fast", "var a = 1;", "Environment.FailFast(\"the model file is corrupt\");", "2");
        Assert.Equal(CellStatus.Failed, run.Cell(3).Status);
        Assert.Contains("exited with code 134 while running cell 3", run.Cell(3).Error);
        Assert.Contains("Environment.FailFast: the model file is corrupt", run.Cell(3).Error);
        Assert.Contains("at Submission#", run.Cell(3).Error);
        Assert.DoesNotContain("ThreadPool", run.Cell(3).Error);
        Assert.Equal(CellStatus.NotRun, run.Cell(4).Status);
    }

    [Fact]
    public async Task A_stack_overflow_is_reported_as_one_with_the_cells_frames()
    {
        var run = await _notebooks.RunAsync("overflow", "int Deep(int n) => Deep(n + 1) + 1;\nDeep(0)");
        Assert.Equal(CellStatus.Failed, run.Cell(2).Status);
        Assert.Contains("stack overflow:", run.Cell(2).Error);
        Assert.Contains(".Deep(Int32)", run.Cell(2).Error);
        Assert.DoesNotContain("ThreadPool", run.Cell(2).Error);
    }
}

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

    [Fact]
    public async Task A_notebook_with_wrongly_typed_fields_is_named_and_the_others_still_run_and_report()
    {
        var bad = _notebooks.WriteText("typed.ipynb", """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": ".net-csharp"}},
             "cells": [{"cell_type": 7, "metadata": {}, "source": "1"}]}
            """);
        var escapes = _notebooks.Write("escapes", "Console.WriteLine(\"\\u001b[31mred\\u001b[0m and a \\0 here\");");
        var report = Path.Combine(_notebooks.Folder, "report.xml");
        var (exitCode, stdout, stderr) = await RunCliAsync("run", "--report", report, bad, escapes);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{bad}: cell 1 has no \"cell_type\" string", stdout);
        Assert.Contains("passed: 1/1 code cells", stdout);
        Assert.DoesNotContain("   at ", stdout + stderr);
        var output = XDocument.Load(report).Descendants("system-out").Single().Value;
        Assert.Equal("\\u001B[31mred\\u001B[0m and a \\u0000 here\n", output);
        Assert.Empty(Directory.GetFiles(_notebooks.Folder, "*.tmp"));
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_is_one_line_naming_it_after_the_summary()
    {
        var good = _notebooks.Write("good", "1");
        var notAFolder = _notebooks.WriteText("plain-file", "");
        var report = Path.Combine(notAFolder, "report.xml");
        var (exitCode, stdout, stderr) = await RunCliAsync("run", "--report", report, good);

        Assert.Equal(1, exitCode);
        Assert.Contains("passed: 1/1 code cells", stdout);
        Assert.StartsWith($"runner: cannot write the report {report}: ", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("1e12")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-1")]
    public async Task A_cell_timeout_that_is_not_a_usable_number_of_seconds_is_a_bad_argument(string timeout)
    {
        var good = _notebooks.Write("good", "1");
        var (exitCode, _, stderr) = await RunCliAsync("run", "--timeout-cell", timeout, good);
        Assert.Equal(2, exitCode);
        Assert.StartsWith($"runner: --timeout-cell needs a positive number of seconds, at most 86400 (one day); got '{timeout}'", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task A_key_on_a_cells_first_line_is_redacted_in_the_progress_lines_and_the_report()
    {
        const string key = "sk-abcdefghijklmnopqrstuvwxyz123456";
        var notebook = _notebooks.Write("key-line", $"var key = \"{key}\"; throw new Exception(\"fails\");");
        var report = Path.Combine(_notebooks.Folder, "report.xml");
        var (exitCode, stdout, stderr) = await RunCliAsync("run", "--report", report, notebook);

        Assert.Equal(1, exitCode);
        Assert.Contains("var key = \"***\"", stdout);
        Assert.DoesNotContain(key, stdout + stderr);
        Assert.DoesNotContain(key, await File.ReadAllTextAsync(report));
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_signal_to_the_runner_ends_the_kernel_and_the_processes_its_cells_started(string signal)
    {
        var notebook = _notebooks.Write("signal",
            "var child = System.Diagnostics.Process.Start(\"sleep\", \"1000\");\nSystem.IO.File.WriteAllText(\"pids.txt\", $\"{Environment.ProcessId} {child.Id}\");",
            "System.Threading.Thread.Sleep(120_000);");
        using var runner = RunnerCli.StartWithDefaultSignals("run", notebook);
        var pids = Path.Combine(_notebooks.Folder, "pids.txt");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(pids) || (await File.ReadAllTextAsync(pids)).Split(' ').Length < 2)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the first cell never ran");
            await Task.Delay(100);
        }
        var (kernel, child) = (await File.ReadAllTextAsync(pids)).Split(' ') is [var k, var c] ? (int.Parse(k), int.Parse(c)) : default;

        using (var kill = System.Diagnostics.Process.Start("kill", $"-{signal} {runner.Id}"))
        {
            await kill.WaitForExitAsync();
        }
        Assert.True(await ProcessProbe.EndsWithinAsync(runner.Id, TimeSpan.FromSeconds(20)), "the runner did not stop");
        Assert.True(await ProcessProbe.EndsWithinAsync(kernel, TimeSpan.FromSeconds(10)), $"the kernel ({kernel}) still runs");
        Assert.True(await ProcessProbe.EndsWithinAsync(child, TimeSpan.FromSeconds(10)), $"the cell's child process ({child}) still runs");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(params string[] args)
    {
        using var runner = RunnerCli.Start(args);
        var stdout = runner.StandardOutput.ReadToEndAsync();
        var stderr = runner.StandardError.ReadToEndAsync();
        await runner.WaitForExitAsync();
        return (runner.ExitCode, await stdout, await stderr);
    }
}

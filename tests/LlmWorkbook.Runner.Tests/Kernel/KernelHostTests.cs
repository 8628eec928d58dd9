using LlmWorkbook.Runner.Execution;

namespace LlmWorkbook.Runner.Tests.Kernel;

/// <summary>The kernel process starts the way the Polyglot kernel process does.</summary>
public sealed class KernelHostTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Fact]
    public async Task The_kernels_own_FSharp_Core_10_0_is_loaded_first_so_a_package_needing_10_1_fails_as_in_the_polyglot_kernel()
    {
        var run = await _notebooks.RunAsync("fsharp-core",
            "AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == \"FSharp.Core\").GetName().Version!.ToString(2)",
            "#r \"nuget: Plotly.NET, 6.0.0\"",
            "Plotly.NET.Chart.Invisible().GetType().Name");
        Assert.Equal("10.0", run.Cell(2).Outputs.Single().AsDisplay().Data["text/plain"]);
        Assert.Equal(CellStatus.Passed, run.Cell(3).Status);
        Assert.Equal(CellStatus.Failed, run.Cell(4).Status);
        Assert.StartsWith("System.IO.FileNotFoundException: Could not load file or assembly 'FSharp.Core, Version=10.1.0.0", run.Cell(4).Error);
    }
}

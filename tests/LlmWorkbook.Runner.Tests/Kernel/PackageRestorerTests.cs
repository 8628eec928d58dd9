using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Kernel;

namespace LlmWorkbook.Runner.Tests.Kernel;

/// <summary>#r "nuget:" restores for real: managed and native assets, load by name, local feeds, a restore cache.</summary>
public sealed class PackageRestorerTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Fact]
    public async Task A_package_from_a_local_folder_feed_is_restored_and_usable()
    {
        var version = "1.0." + Environment.TickCount64 % 100000; // a fresh version, never in the NuGet cache
        TestPackage.Write(Path.Combine(_notebooks.Folder, "feed"), "Workbook.Fixture.Greeter", version,
            "namespace Fixture; public static class Greeter { public static string Hello(string name) => $\"hello, {name}\"; }");
        var feed = Path.Combine(_notebooks.Folder, "feed");
        var run = await _notebooks.RunAsync("local-feed",
            $"#i \"nuget: {feed}\"\n#r \"nuget: Workbook.Fixture.Greeter, {version}\"",
            "Fixture.Greeter.Hello(\"runner\")");
        Assert.True(run.Passed, string.Join("\n", run.Cells.Select(c => c.Error)));
        Assert.Contains("Restore sources", run.Cell(2).Outputs[0].AsDisplay().Data["text/html"]);
        Assert.Contains($"Workbook.Fixture.Greeter, {version}", run.Cell(2).Outputs[1].AsDisplay().Data["text/html"]);
        Assert.Equal("hello, runner", run.Cell(3).Outputs.Single().AsDisplay().Data["text/plain"]);
    }

    [Fact]
    public async Task A_relative_package_source_fails_as_it_would_in_the_polyglot_kernel()
    {
        var run = await _notebooks.RunAsync("relative-feed", "#i \"nuget: ../packages\"", "1");
        Assert.Equal(CellStatus.Failed, run.Cell(2).Status);
        Assert.Contains("relative path", run.Cell(2).Error);
        Assert.Contains("dotnet/interactive#3110", run.Cell(2).Error);
    }

    [Fact]
    public async Task Tokenizer_data_packages_load_by_name_and_give_the_published_cl100k_ids()
    {
        var run = await _notebooks.RunAsync("tokenizers",
            "#r \"nuget: Microsoft.ML.Tokenizers, 2.0.1\"\n#r \"nuget: Microsoft.ML.Tokenizers.Data.Cl100kBase, 2.0.1\"",
            "using Microsoft.ML.Tokenizers;\nstring.Join(\",\", TiktokenTokenizer.CreateForModel(\"gpt-4\").EncodeToIds(\"hello world\"))");
        Assert.True(run.Passed, string.Join("\n", run.Cells.Select(c => c.Error)));
        Assert.Equal("15339,1917", run.Cell(3).Outputs.Single().AsDisplay().Data["text/plain"]);
    }

    [Fact]
    public async Task TorchSharp_native_libraries_load_and_a_second_version_is_an_error()
    {
        var run = await _notebooks.RunAsync("torch",
            "#r \"nuget: TorchSharp-cpu, 0.107.0\"",
            "using TorchSharp;\n(torch.arange(4, dtype: torch.float32).reshape(2, 2).matmul(torch.ones(2, 1))).sum().item<float>().ToString()",
            "#r \"nuget: TorchSharp-cpu, 0.106.0\"");
        Assert.Equal(CellStatus.Passed, run.Cell(2).Status);
        Assert.True(run.Cell(3).Status == CellStatus.Passed, run.Cell(3).Error);
        Assert.Equal("6", run.Cell(3).Outputs.Single().AsDisplay().Data["text/plain"]);
        Assert.Equal(CellStatus.Failed, run.Cell(4).Status);
        Assert.Contains("version 0.107.0 is already loaded; cannot load version 0.106.0", run.Cell(4).Error);
    }

    [Fact]
    public async Task A_module_from_a_package_built_before_any_cell_touches_TorchSharp_finds_libtorch()
    {
        var torchSharp = new PackageRestorer().Restore([new PackageRequest("TorchSharp-cpu", "0.107.0")])
            .Assemblies.Single(a => Path.GetFileName(a) == "TorchSharp.dll");
        var version = "1.0." + Environment.TickCount64 % 100000;
        var feed = Path.Combine(_notebooks.Folder, "feed");
        TestPackage.Write(feed, "Workbook.Fixture.TinyModule", version,
            // A module built before any cell touches TorchSharp: nothing has loaded libtorch yet.
            "namespace Fixture; public sealed class TinyModule : TorchSharp.torch.nn.Module { public TinyModule() : base(\"tiny\") { } }",
            references: [torchSharp], dependencies: [("TorchSharp-cpu", "0.107.0")]);
        var run = await _notebooks.RunAsync("torch-through-a-package",
            $"#i \"nuget: {feed}\"\n#r \"nuget: Workbook.Fixture.TinyModule, {version}\"",
            "new Fixture.TinyModule().GetName()");
        Assert.True(run.Passed, string.Join("\n", run.Cells.Select(c => c.Error)));
        Assert.Equal("tiny", run.Cell(3).Outputs.Single().AsDisplay().Data["text/plain"]);
    }

    [Fact]
    public void A_second_restore_of_the_same_packages_comes_from_the_cache()
    {
        var request = new[] { new PackageRequest("Microsoft.ML.Tokenizers", "2.0.1") };
        new PackageRestorer().Restore(request);
        var second = new PackageRestorer().Restore(request);
        Assert.True(second.FromCache);
        Assert.Contains(second.Assemblies, a => Path.GetFileName(a) == "Microsoft.ML.Tokenizers.dll");
    }

    [Fact]
    public async Task A_package_that_does_not_exist_fails_the_cell_with_the_restore_error()
    {
        var run = await _notebooks.RunAsync("missing", "#r \"nuget: Workbook.No.Such.Package, 9.9.9\"", "1");
        Assert.Equal(CellStatus.Failed, run.Cell(2).Status);
        Assert.Contains("Workbook.No.Such.Package", run.Cell(2).Error);
        Assert.Equal(CellStatus.Passed, run.Cell(3).Status);
    }

    [Fact]
    public async Task A_failed_restore_affects_only_its_own_cell()
    {
        var run = await _notebooks.RunAsync("failed-restore",
            "#r \"nuget: Microsoft.ML.Tokenizers, 2.0.1\"\n#r \"nuget: Workbook.No.Such.Package, 9.9.9\"",
            "#r \"nuget: Microsoft.ML.Tokenizers.Data.Cl100kBase, 2.0.1\"",
            "#r \"nuget: Microsoft.ML.Tokenizers, 2.0.0\"");
        Assert.Equal(CellStatus.Failed, run.Cell(2).Status);
        Assert.True(run.Cell(3).Status == CellStatus.Passed, run.Cell(3).Error);
        // 2.0.1 never loaded: asking for another version is not refused as "already loaded".
        Assert.DoesNotContain("already loaded", run.Cell(4).Error ?? "");
    }

    [Fact]
    public void Restore_forgets_the_requests_of_a_restore_that_failed()
    {
        var restorer = new PackageRestorer();
        Assert.Throws<PackageRestoreException>(() => restorer.Restore(
            [new PackageRequest("Microsoft.ML.Tokenizers", "2.0.1"), new PackageRequest("Workbook.No.Such.Package", "9.9.9")]));
        var restored = restorer.Restore([new PackageRequest("Microsoft.ML.Tokenizers", "2.0.1")]);
        Assert.Contains(restored.Assemblies, a => Path.GetFileName(a) == "Microsoft.ML.Tokenizers.dll");
    }
}

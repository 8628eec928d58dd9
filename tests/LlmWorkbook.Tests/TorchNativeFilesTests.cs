namespace LlmWorkbook.Tests;

public sealed class TorchNativeFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("torch-native-files-").FullName;

    [Fact]
    public void In_a_packages_folder_finds_the_libtorch_of_the_version_TorchSharp_was_built_for()
    {
        // A notebook kernel references TorchSharp.dll where the restore left it, in the NuGet packages folder.
        var packages = Path.Combine(_root, "packages");
        var libTorch = Touch(Path.Combine(packages, "libtorch-cpu-linux-x64", "2.10.0", "runtimes", "linux-x64", "native"),
            "libgomp-98b21ff3.so.1", "libc10.so", "libtorch_cpu.so", "libtorch.so");
        Touch(Path.Combine(packages, "libtorch-cpu-linux-x64", "2.11.0", "runtimes", "linux-x64", "native"),
            "libc10.so", "libtorch_cpu.so", "libtorch.so");
        var wrapper = Touch(Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native"), "libLibTorchSharp.so");
        var torchSharp = Path.Combine(packages, "torchsharp", "0.107.0", "lib", "net8.0", "TorchSharp.dll");

        var files = TorchNativeFiles.Find(torchSharp, "2.10.0", "0.107.0", [], nugetPackages: null);

        Assert.NotNull(files);
        Assert.Equal([.. libTorch, .. wrapper], files.InLoadOrder);
        Assert.Equal(Path.GetDirectoryName(libTorch[0]), files.LibTorchDirectory);
    }

    [Fact]
    public void A_build_output_comes_before_the_packages_folder()
    {
        var packages = Path.Combine(_root, "packages");
        Touch(Path.Combine(packages, "libtorch-cpu-linux-x64", "2.10.0", "runtimes", "linux-x64", "native"), "libc10.so", "libtorch_cpu.so", "libtorch.so");
        Touch(Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native"), "libLibTorchSharp.so");
        var bin = Path.Combine(_root, "bin");
        var native = Touch(Path.Combine(bin, "runtimes", "linux-x64", "native"), "libc10.so", "libtorch_cpu.so", "libtorch.so", "libLibTorchSharp.so");

        var files = TorchNativeFiles.Find(Path.Combine(bin, "TorchSharp.dll"), "2.10.0", "0.107.0", [], packages);

        Assert.Equal(native, files?.InLoadOrder);
        // The folders the runtime itself searches first win, so TorchSharp's own load finds the same files.
        var searched = Touch(Path.Combine(_root, "searched"), "libc10.so", "libtorch_cpu.so", "libtorch.so", "libLibTorchSharp.so");
        Assert.Equal(searched, TorchNativeFiles.Find(Path.Combine(bin, "TorchSharp.dll"), "2.10.0", "0.107.0", [Path.GetDirectoryName(searched[0])!], packages)?.InLoadOrder);
    }

    [Fact]
    public void Without_natives_next_to_TorchSharp_looks_in_the_NuGet_packages_folder()
    {
        var packages = Path.Combine(_root, "packages");
        var libTorch = Touch(Path.Combine(packages, "libtorch-cpu-linux-x64", "2.10.0", "runtimes", "linux-x64", "native"), "libc10.so", "libtorch_cpu.so", "libtorch.so");
        var wrapper = Touch(Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native"), "libLibTorchSharp.so");
        var bin = Path.Combine(_root, "bin");
        Directory.CreateDirectory(bin);

        var files = TorchNativeFiles.Find(Path.Combine(bin, "TorchSharp.dll"), libTorchVersion: null, "0.107.0", [], packages);

        Assert.Equal([.. libTorch, .. wrapper], files?.InLoadOrder);
    }

    [Fact]
    public void Without_the_wrapper_leaves_loading_to_TorchSharp()
    {
        var bin = Path.Combine(_root, "bin");
        Touch(bin, "libc10.so", "libtorch_cpu.so", "libtorch.so");
        Assert.Null(TorchNativeFiles.Find(Path.Combine(bin, "TorchSharp.dll"), "2.10.0", "0.107.0", [], nugetPackages: null));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string[] Touch(string directory, params string[] names)
    {
        Directory.CreateDirectory(directory);
        var paths = names.Select(name => Path.Combine(directory, name)).ToArray();
        foreach (var path in paths)
        {
            File.WriteAllBytes(path, []);
        }
        return paths;
    }
}

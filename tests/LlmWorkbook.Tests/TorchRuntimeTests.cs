using System.Diagnostics;

namespace LlmWorkbook.Tests;

/// <summary>
/// An incompatible libtorch first on the library path, as Debian's python3-torch puts one in the system folders:
/// fake <c>libc10.so</c>, <c>libtorch_cpu.so</c> and <c>libtorch.so</c> (no symbols, a constructor that aborts) in
/// LD_LIBRARY_PATH of a child process that uses TorchSharp (tests/LlmWorkbook.TorchProbe).
/// </summary>
public sealed class TorchRuntimeTests : IDisposable
{
    private const string FakeLibTorchSource = """
        #include <stdio.h>
        #include <stdlib.h>
        __attribute__((constructor)) static void refuse(void) { fputs("fake libtorch loaded\n", stderr); abort(); }
        """;

    private const string LinuxOnly = "the distribution libtorch problem and its fix are Linux-only";

    private readonly string _fakeLibTorch = Directory.CreateTempSubdirectory("fake-libtorch-").FullName;

    public TorchRuntimeTests()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var source = Path.Combine(_fakeLibTorch, "fake.c");
        File.WriteAllText(source, FakeLibTorchSource);
        foreach (var name in TorchNativeFiles.LibTorchNames)
        {
            var (exitCode, _, error) = Run("cc", ["-shared", "-fPIC", $"-Wl,-soname,{name}", "-o", Path.Combine(_fakeLibTorch, name), source]);
            Assert.True(exitCode == 0, $"building the fake {name} needs a C compiler (cc): {error}");
        }
    }

    [LinuxOnlyFact(LinuxOnly)]
    public void A_library_type_used_first_binds_TorchSharp_to_the_packages_libtorch()
    {
        var (exitCode, output, error) = RunProbe("library");
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}");
        Assert.Equal("masked: 3\nsum: 83\n", output);
    }

    [LinuxOnlyFact(LinuxOnly)]
    public void EnsureLoaded_first_lets_a_program_use_TorchSharp_directly()
    {
        var (exitCode, output, error) = RunProbe("explicit");
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}");
        Assert.Equal("libtorch loaded by full path: True\nsum: 83\n", output);
    }

    [LinuxOnlyFact(LinuxOnly)]
    public void TorchSharp_on_its_own_loads_the_fake_libtorch()
    {
        // The premise of the tests above: without the library, the linker takes the first libtorch on the path.
        var (exitCode, _, error) = RunProbe("torch-only");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("fake libtorch loaded", error);
    }

    public void Dispose() => Directory.Delete(_fakeLibTorch, recursive: true);

    private (int ExitCode, string Output, string Error) RunProbe(string way)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "LlmWorkbook.TorchProbe.dll");
        var libraryPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") is { Length: > 0 } existing
            ? $"{_fakeLibTorch}{Path.PathSeparator}{existing}"
            : _fakeLibTorch;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return Run(dotnet, [probe, way], new() { ["LD_LIBRARY_PATH"] = libraryPath });
    }

    private static (int ExitCode, string Output, string Error) Run(string program, string[] arguments, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}

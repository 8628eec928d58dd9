using System.Runtime.CompilerServices;

namespace LlmWorkbook.Tests;

/// <summary>Tests call TorchSharp before any library type, so the package's libtorch is chosen when they load.</summary>
internal static class PackageLibTorch
{
    [ModuleInitializer]
    internal static void Load() => TorchRuntime.EnsureLoaded();
}

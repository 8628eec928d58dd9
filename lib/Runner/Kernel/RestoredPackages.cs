namespace LlmWorkbook.Runner.Kernel;

/// <summary>What a restore added: assemblies to reference and folders to search for native libraries.</summary>
public sealed record RestoredPackages(IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeDirectories, bool FromCache);

namespace LlmWorkbook.Runner.Kernel;

/// <summary>A <c>#r "nuget: Name, Version"</c> request; no version means the latest stable one.</summary>
public sealed record PackageRequest(string Name, string? Version)
{
    public override string ToString() => Version is null ? Name : $"{Name}, {Version}";
}

namespace LlmWorkbook.Tests;

/// <summary>A fact that only means something on Linux: elsewhere it is reported as skipped, not as passed.</summary>
public sealed class LinuxOnlyFactAttribute : FactAttribute
{
    public LinuxOnlyFactAttribute(string reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = reason;
        }
    }
}

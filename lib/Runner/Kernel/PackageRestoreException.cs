namespace LlmWorkbook.Runner.Kernel;

/// <summary>A restore that failed; the message holds the restore errors.</summary>
public sealed class PackageRestoreException(string message) : Exception(message);

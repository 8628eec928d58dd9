namespace LlmWorkbook;

/// <summary>
/// Finds the workbook's checkout: LLM_WORKBOOK_ROOT if set, else the first folder with LlmWorkbook.sln above the
/// current directory or the running program. Dependency-free, so test projects that must not load the library (and
/// its native libraries) compile this one file too.
/// </summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("LLM_WORKBOOK_ROOT") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LlmWorkbook.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new DirectoryNotFoundException(
            "Could not find the workbook root (the folder with LlmWorkbook.sln) above the current directory; set LLM_WORKBOOK_ROOT.");
    }
}

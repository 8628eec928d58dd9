namespace LlmWorkbook;

/// <summary>Where the workbook's files are: found by walking up to LlmWorkbook.sln, or from LLM_WORKBOOK_ROOT.</summary>
public static class WorkbookPaths
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    /// <summary>Data fetched by ./workbook setup (from the manifests in data/), under artifacts/data.</summary>
    public static string FetchedData(string relativePath)
    {
        var path = Path.Combine(Root, "artifacts", "data", relativePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{relativePath}' has not been fetched yet: run ./workbook setup (it fetches everything listed in data/).", path);
        }
        return path;
    }

    /// <summary>A file committed under data/ (self-written data, shipped checkpoints).</summary>
    public static string CommittedData(string relativePath)
    {
        var path = Path.Combine(Root, "data", relativePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"data/{relativePath} is missing from this checkout.", path);
        }
        return path;
    }

    private static string FindRoot()
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

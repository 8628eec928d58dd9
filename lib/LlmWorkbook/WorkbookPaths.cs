namespace LlmWorkbook;

/// <summary>Where the workbook's files are: found by walking up to LlmWorkbook.sln, or from LLM_WORKBOOK_ROOT.</summary>
public static class WorkbookPaths
{
    private static readonly Lazy<string> RootDirectory = new(RepositoryRoot.Find);

    public static string Root => RootDirectory.Value;

    /// <summary>The folder ./workbook setup fetches third-party data into (from the manifests in data/).</summary>
    public static string FetchedDataDirectory => Path.Combine(Root, "artifacts", "data");

    /// <summary>Data fetched by ./workbook setup (from the manifests in data/), under artifacts/data.</summary>
    public static string FetchedData(string relativePath)
    {
        var path = Path.Combine(FetchedDataDirectory, relativePath);
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

    /// <summary>A prompt file under prompts/ (read with <see cref="Prompting.PromptyFile.Load"/>).</summary>
    public static string PromptFile(string fileName)
    {
        var path = Path.Combine(Root, "prompts", fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"prompts/{fileName} is missing from this checkout.", path);
        }
        return path;
    }
}

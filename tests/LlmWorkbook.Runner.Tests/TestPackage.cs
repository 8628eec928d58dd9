using System.IO.Compression;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmWorkbook.Runner.Tests;

/// <summary>Builds small NuGet packages for local-folder feeds.</summary>
internal static class TestPackage
{
    /// <summary>Compiles <paramref name="source"/> and wraps it in a minimal .nupkg in <paramref name="feed"/>.</summary>
    public static void Write(string feed, string id, string version, string source,
        string[]? references = null, (string Id, string Version)[]? dependencies = null)
    {
        Directory.CreateDirectory(feed);
        var metadata = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(references ?? [])
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(id, [CSharpSyntaxTree.ParseText(source)], metadata,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var dll = new MemoryStream();
        var emitted = compilation.Emit(dll);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        using var package = ZipFile.Open(Path.Combine(feed, $"{id}.{version}.nupkg"), ZipArchiveMode.Create);
        using (var writer = new StreamWriter(package.CreateEntry($"{id}.nuspec").Open()))
        {
            writer.Write($"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>{id}</id><version>{version}</version><authors>tests</authors><description>fixture</description>
                    <dependencies><group targetFramework="net10.0">{string.Concat((dependencies ?? []).Select(d => $"<dependency id=\"{d.Id}\" version=\"{d.Version}\" />"))}</group></dependencies>
                  </metadata>
                </package>
                """);
        }
        using var entry = package.CreateEntry($"lib/net10.0/{id}.dll").Open();
        dll.Position = 0;
        dll.CopyTo(entry);
    }
}

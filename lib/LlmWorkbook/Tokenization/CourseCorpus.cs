using System.Text;
using LlmWorkbook.Data;

namespace LlmWorkbook.Tokenization;

/// <summary>
/// The course's pretraining text: the State of the Union addresses of Theodore Roosevelt (1901–1908) and
/// William H. Taft (1909–1912), fetched by ./workbook setup from the manifest data/sotu.source
/// (provenance and license in data/LICENSES.md).
/// </summary>
public static class CourseCorpus
{
    public sealed record Address(int Year, string President, string Text);

    /// <summary>The separator between two addresses in <see cref="LoadText()"/>.</summary>
    public const string AddressSeparator = "\n\n";

    private const string ManifestName = "sotu.source";

    private static readonly Lazy<IReadOnlyList<Address>> Cached = new(ReadAddresses);

    /// <summary>The addresses in chronological order, each trimmed of surrounding whitespace.</summary>
    public static IReadOnlyList<Address> LoadAddresses() => Cached.Value;

    /// <summary>All addresses as one UTF-8 string (pure ASCII in practice), separated by a blank line.</summary>
    public static string LoadText() => string.Join(AddressSeparator, LoadAddresses().Select(a => a.Text));

    /// <summary>The first <paramref name="maxBytes"/> UTF-8 bytes of <see cref="LoadText()"/>, cut at a character boundary.</summary>
    public static string LoadText(int maxBytes)
    {
        var text = LoadText();
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length <= maxBytes)
        {
            return text;
        }
        var end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
        {
            end--;
        }
        return Encoding.UTF8.GetString(bytes, 0, end);
    }

    private static IReadOnlyList<Address> ReadAddresses()
    {
        var manifest = DataManifest.Load(WorkbookPaths.CommittedData(ManifestName));
        return manifest.Members
            .Select(m => new Address(YearOf(m.Output), PresidentOf(m.Output), File.ReadAllText(WorkbookPaths.FetchedData(m.Output), Encoding.UTF8).Trim()))
            .OrderBy(a => a.Year)
            .ToList();
    }

    // File names look like "sotu/1907_theodore_roosevelt_r.txt": year, name, party letter.
    private static int YearOf(string output) => int.Parse(Path.GetFileName(output)[..4], System.Globalization.CultureInfo.InvariantCulture);

    private static string PresidentOf(string output)
    {
        var parts = Path.GetFileNameWithoutExtension(output).Split('_')[1..^1];
        return string.Join(' ', parts.Select(p => p.Length == 1 ? char.ToUpperInvariant(p[0]) + "." : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}

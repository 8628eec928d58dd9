using System.Globalization;
using System.Text;
using LlmWorkbook.Data;

namespace LlmWorkbook.Tokenization;

/// <summary>
/// The course's text: every State of the Union address from 1790 to 2021, fetched by ./workbook setup from the
/// manifest data/sotu.source (provenance and license in data/LICENSES.md). Part I works on one era's slice
/// (<see cref="LoadAddresses"/>); the base model is pretrained on 1790–2000 (<see cref="Pretraining"/>), and the
/// addresses after 2000 are held out for the retrieval chapter.
/// </summary>
public static class CourseCorpus
{
    /// <summary>One address. <paramref name="Party"/> is the party letter(s) of the file name: d, r, dr, f, n, nu, w, wd.</summary>
    public sealed record Address(int Year, string President, string Party, string Text)
    {
        /// <summary>The party as the corpus's documentation names it (<see cref="PartyNames"/>).</summary>
        public string PartyName => PartyNames.TryGetValue(Party, out var name) ? name : Party;
    }

    /// <summary>The corpus's party letters and the names its package documents for them ("none" for Washington).</summary>
    public static IReadOnlyDictionary<string, string> PartyNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["d"] = "Democratic", ["r"] = "Republican", ["dr"] = "Democratic-Republican", ["f"] = "Federalist",
        ["n"] = "none", ["nu"] = "National Union", ["w"] = "Whig", ["wd"] = "Whig & Democratic",
    };

    /// <summary>The addresses the base model learns from, the ones it is validated on, and the ones it never sees.</summary>
    public sealed record PretrainingSplit(IReadOnlyList<Address> Train, IReadOnlyList<Address> Validation, IReadOnlyList<Address> Unseen);

    /// <summary>Words as the course counts them in its passages, chunks and tool results: runs of non-white-space.</summary>
    public static int WordCount(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <summary>The separator between two addresses in <see cref="LoadText()"/>.</summary>
    public const string AddressSeparator = "\n\n";

    /// <summary>The last year whose addresses are pretraining text; later ones are held out.</summary>
    public const int LastPretrainingYear = 2000;

    /// <summary>Every this-many-th address of 1790–<see cref="LastPretrainingYear"/> is validation text.</summary>
    public const int ValidationStride = 20;

    private const string ManifestName = "sotu.source";
    private const int FirstPartOneYear = 1901;
    private const int LastPartOneYear = 1912;

    private static readonly Lazy<IReadOnlyList<Address>> Cached = new(ReadAddresses);

    /// <summary>All 233 addresses in the order they were given (two in 1953 and 1961), each trimmed of surrounding whitespace.</summary>
    public static IReadOnlyList<Address> LoadAllAddresses() => Cached.Value;

    /// <summary>
    /// Part I's slice: the twelve addresses of Theodore Roosevelt (1901–1908) and William H. Taft (1909–1912), about
    /// 1.35 MB, small enough to train a tokenizer and word vectors on in seconds.
    /// </summary>
    public static IReadOnlyList<Address> LoadAddresses()
        => LoadAllAddresses().Where(a => a.Year is >= FirstPartOneYear and <= LastPartOneYear).ToList();

    /// <summary>
    /// The base model's data: the addresses up to <see cref="LastPretrainingYear"/>, of which every
    /// <see cref="ValidationStride"/>-th (counting from the tenth, so every era is represented) is validation text and
    /// the rest training text; the later addresses are unseen.
    /// </summary>
    public static PretrainingSplit Pretraining()
    {
        var all = LoadAllAddresses();
        var early = all.Where(a => a.Year <= LastPretrainingYear).ToList();
        bool IsValidation(int index) => index % ValidationStride == ValidationStride / 2;
        return new PretrainingSplit(
            early.Where((_, i) => !IsValidation(i)).ToList(),
            early.Where((_, i) => IsValidation(i)).ToList(),
            all.Where(a => a.Year > LastPretrainingYear).ToList());
    }

    /// <summary>Part I's addresses as one UTF-8 string (pure ASCII), separated by a blank line.</summary>
    public static string LoadText() => Join(LoadAddresses());

    /// <summary>Addresses as one string, separated by a blank line.</summary>
    public static string Join(IEnumerable<Address> addresses) => string.Join(AddressSeparator, addresses.Select(a => a.Text));

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
        var addresses = manifest.Members
            .Select(m => Parse(m.Output, File.ReadAllText(WorkbookPaths.FetchedData(m.Output), Encoding.UTF8).Trim()))
            .ToList();
        // In a year with two addresses (1953, 1961) the outgoing president, who also gave the year before's, spoke first.
        var presidentsByYear = addresses.ToLookup(a => a.Year, a => a.President);
        return addresses
            .OrderBy(a => a.Year)
            .ThenBy(a => presidentsByYear[a.Year - 1].Contains(a.President) ? 0 : 1)
            .ToList();
    }

    // File names look like "sotu/1907_theodore_roosevelt_r.txt": year, name, party letters.
    private static Address Parse(string output, string text)
    {
        var parts = Path.GetFileNameWithoutExtension(output).Split('_');
        var year = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var president = string.Join(' ', parts[1..^1].Select(p => p.Length == 1 ? char.ToUpperInvariant(p[0]) + "." : char.ToUpperInvariant(p[0]) + p[1..]));
        return new Address(year, president, parts[^1], text);
    }
}

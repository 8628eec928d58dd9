using System.Text.RegularExpressions;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// What a passage writes that a JSON extraction reply lists: dollar amounts, percentages, years and foreign countries,
/// each as written, once, in the order of first occurrence. Regular expressions and <see cref="NameLists"/>, nothing learned.
/// </summary>
internal static partial class PassageFields
{
    /// <summary>A dollar amount: "$3,000,000", "$1.75 millions", "$7.5 billion", "2,000 dollars".</summary>
    public const string AmountPattern =
        @"(?:\$\d[\d,]*(?:\.\d+)?(?: (?:millions?|billions?|thousands?|trillions?)(?: of dollars)?)?|\b\d[\d,]*(?:\.\d+)?(?: (?:million|billion|thousand))? dollars)\b(?![,.] ?\d)";

    /// <summary>A percentage: "15 per cent", "3.5 percent", "5%".</summary>
    public const string PercentagePattern = @"\b\d+(?:\.\d+)?(?: per cent(?:um)?\b| percent\b|%)";

    /// <summary>A year of 1600–2000 standing alone: not part of an amount, a range's end or a decade ("1930s").</summary>
    public const string YearPattern = @"(?<![\$\d,.])\b(?:1[6-9]\d\d|2000)\b(?![\d,]\d|'?s\b)";

    private static readonly Regex Amount = new(AmountPattern, RegexOptions.CultureInvariant);
    private static readonly Regex Percentage = new(PercentagePattern, RegexOptions.CultureInvariant);
    private static readonly Regex Year = new(YearPattern, RegexOptions.CultureInvariant);
    private static readonly Regex Country = new(@"\b(?:" + NameLists.Alternation(NameLists.Countries) + @")\b(?!-)", RegexOptions.CultureInvariant);

    /// <summary>The dollar amounts, as written.</summary>
    public static IReadOnlyList<string> Amounts(string text) => Distinct(Amount.Matches(text).Select(m => m.Value));

    /// <summary>The percentages, as written.</summary>
    public static IReadOnlyList<string> Percentages(string text) => Distinct(Percentage.Matches(text).Select(m => m.Value));

    /// <summary>The years, as numbers.</summary>
    public static IReadOnlyList<int> Years(string text)
        => Year.Matches(text).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();

    /// <summary>The foreign countries, as written; not a country's name inside another name ("Gulf of Mexico", "New Mexico", "Panama Canal").</summary>
    public static IReadOnlyList<string> Countries(string text) => Distinct(CountryMentions(text).Select(m => m.Value));

    /// <summary>Where the passage names a foreign country by itself.</summary>
    public static IEnumerable<Match> CountryMentions(string text)
        => Country.Matches(text).Where(m => !NextWordCapitalized().IsMatch(text.AsSpan(m.Index + m.Length)) && !PartOfName(text[..m.Index]));

    // "Gulf of Mexico", "Bank of England", "New Mexico"; but "the Government of France" and "the King of Spain" name the country.
    private static bool PartOfName(string before)
    {
        var word = NameOfBefore().Match(before);
        return word.Success && !CountryHeads.Contains(word.Groups[1].Value) || PlacePrefix().IsMatch(before);
    }

    private static readonly HashSet<string> CountryHeads = new(StringComparer.Ordinal)
    {
        "Government", "Governments", "Kingdom", "Kingdoms", "Republic", "Republics", "Empire", "Emperor", "Empress", "King", "Queen", "Sultan",
        "Czar", "Shah", "Minister", "Ministers", "Court", "People", "Legation", "President", "Regent", "Governor",
    };

    private static List<string> Distinct(IEnumerable<string> values) => values.Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\b([A-Z][A-Za-z]*) of (?:the )?$")]
    private static partial Regex NameOfBefore();

    [GeneratedRegex(@"\b(?:New|Upper|Lower|British|French|Spanish|Dutch|Portuguese|Danish|Old) $")]
    private static partial Regex PlacePrefix();

    [GeneratedRegex(@"^ [A-Z][a-z]")]
    private static partial Regex NextWordCapitalized();
}

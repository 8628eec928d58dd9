using System.Text.RegularExpressions;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// The topic labels of the classification task and the keywords that assign them. A passage's score for a label is
/// how many times its keywords occur; the passage gets the label only with a clear winner: at least
/// <see cref="MinimumHits"/> hits and at least <see cref="WinningMargin"/> times the runner-up's score.
/// </summary>
public static class TopicLexicon
{
    /// <summary>The fewest keyword hits a label needs.</summary>
    public const int MinimumHits = 4;

    /// <summary>How many times the runner-up's score the winner's must be.</summary>
    public const int WinningMargin = 2;

    // Label -> keywords (lower case; "*" ends a prefix: "tariff*" matches "tariffs").
    private static readonly (string Label, string[] Keywords)[] Lexicon =
    [
        ("economy", ["economy", "economic", "prosperity", "depression", "recession", "inflation", "prices", "business*",
            "industry", "industries", "industrial", "manufactur*", "production", "recovery", "investment*", "growth", "panic"]),
        ("public finance", ["treasury", "debt", "revenue*", "expenditure*", "appropriation*", "receipts", "surplus", "deficit*",
            "budget*", "fiscal", "loan*", "bonds", "sinking fund"]),
        ("money and banking", ["currency", "coin*", "gold", "silver", "specie", "bank", "banks", "banking", "notes", "mint",
            "legal tender", "greenbacks", "monetary", "bullion", "circulation", "paper money"]),
        ("taxation", ["tax", "taxes", "taxation", "taxpayer*", "taxed", "excise", "internal revenue", "income tax"]),
        ("trade", ["commerce", "commercial", "trade", "tariff*", "export*", "import*", "duties", "markets", "reciprocity",
            "navigation", "shipping", "merchant*", "tonnage"]),
        ("war and defense", ["army", "navy", "military", "naval", "war", "troops", "soldiers", "forces", "defense", "defence",
            "fortification*", "militia", "weapons", "missile*", "enemy", "battle*", "arms", "ships of war", "seamen"]),
        ("foreign affairs", ["treaty", "treaties", "minister", "diplomatic", "convention", "negotiat*", "foreign", "relations",
            "consul*", "envoy", "ambassador*", "legation", "friendly", "arbitration", "sovereign*"]),
        ("labor", ["labor", "labour", "workers", "workingmen", "wage*", "employment", "unemploy*", "unions", "strike*", "employees",
            "employers", "jobs", "hours of labor"]),
        ("agriculture", ["agricultur*", "farm", "farms", "farmer*", "crop*", "wheat", "corn", "cotton", "livestock", "cattle",
            "soil", "harvest*", "grain"]),
        ("education", ["education*", "school*", "teacher*", "students", "college*", "universit*", "learning", "literacy",
            "pupils", "instruction"]),
        ("health", ["health", "disease*", "medical", "hospital*", "physician*", "medicine", "sanitary", "epidemic*", "cholera",
            "yellow fever", "medicare", "medicaid", "patients", "quarantine"]),
        ("Native American affairs", ["indian", "indians", "tribe*", "reservation*", "cherokee*", "creeks", "sioux", "seminole*",
            "chickasaw*", "choctaw*", "chiefs", "savages"]),
        ("public lands", ["public lands", "public domain", "acres", "surveys", "surveyed", "settlers", "homestead*",
            "land office", "sales of land", "preemption", "lands"]),
        ("transportation", ["railroad*", "railway*", "roads", "highway*", "canal*", "internal improvement*", "aviation",
            "airports", "transportation", "steamboat*", "rivers and harbors", "waterway*"]),
        ("postal service", ["post office*", "postal", "mails", "mail", "postmaster*", "post roads", "postage"]),
        ("environment", ["environment*", "pollution", "polluter*", "conservation", "forest*", "wildlife", "wilderness",
            "national parks", "natural resources", "clean air", "clean water", "erosion", "toxic"]),
        ("immigration", ["immigra*", "aliens", "naturaliz*", "emigra*", "citizenship", "chinese laborers"]),
        ("civil rights", ["civil rights", "slave*", "slavery", "freedmen", "suffrage", "discrimination", "segregation",
            "equal rights", "colored", "negro*", "emancipation"]),
    ];

    /// <summary>The labels, in a fixed order.</summary>
    public static IReadOnlyList<string> Labels { get; } = Lexicon.Select(l => l.Label).ToList();

    private static readonly (string Label, Regex Pattern)[] Patterns = Lexicon
        .Select(l => (l.Label, new Regex(@"\b(?:" + string.Join('|', l.Keywords.Select(Keyword)) + ")", RegexOptions.CultureInvariant)))
        .ToArray();

    /// <summary>Every label's score (keyword hits) on a text, in <see cref="Labels"/> order.</summary>
    public static IReadOnlyList<int> Scores(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        return Patterns.Select(p => p.Pattern.Count(lower)).ToList();
    }

    /// <summary>The passage's label if one label clearly wins, else null.</summary>
    public static string? Classify(string text)
    {
        var scores = Scores(text);
        var best = 0;
        for (var i = 1; i < scores.Count; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }
        var runnerUp = scores.Where((_, i) => i != best).Max();
        return scores[best] >= MinimumHits && scores[best] >= WinningMargin * runnerUp ? Labels[best] : null;
    }

    private static string Keyword(string keyword)
        => keyword.EndsWith('*') ? Regex.Escape(keyword[..^1]) + @"\w*" : Regex.Escape(keyword) + @"\b";
}

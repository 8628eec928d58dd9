namespace LlmWorkbook.FineTuning;

/// <summary>The fixed word lists the generator recognizes names and dates by.</summary>
internal static class NameLists
{
    /// <summary>
    /// Foreign countries (and the Barbary powers) as the addresses name them. Not Georgia or Hawaii, which are also
    /// states; the United States is not foreign.
    /// </summary>
    public static IReadOnlyList<string> Countries { get; } =
    [
        "Great Britain", "United Kingdom", "England", "Ireland", "Scotland", "France", "Spain", "Portugal", "Netherlands",
        "Holland", "Belgium", "Denmark", "Sweden", "Norway", "Russia", "Prussia", "Germany", "Austria-Hungary", "Austria",
        "Hungary", "Italy", "Sardinia", "Naples", "Two Sicilies", "Switzerland", "Greece", "Turkey", "Ottoman Empire",
        "Poland", "Czechoslovakia", "Yugoslavia", "Rumania", "Romania", "Bulgaria", "Finland", "Soviet Union", "Ukraine",
        "Mexico", "Canada", "Cuba", "Haiti", "Santo Domingo", "Dominican Republic", "Guatemala", "Honduras", "Nicaragua",
        "Costa Rica", "El Salvador", "Salvador", "Panama", "Colombia", "New Granada", "Venezuela", "Ecuador", "Peru",
        "Bolivia", "Chile", "Argentine Republic", "Argentina", "Buenos Ayres", "Brazil", "Paraguay", "Uruguay", "China",
        "Japan", "Korea", "Corea", "Siam", "Persia", "Iran", "Iraq", "Israel", "Egypt", "Morocco", "Algiers", "Tunis", "Tripoli", "Liberia",
        "Ethiopia", "Abyssinia", "South Africa", "India", "Pakistan", "Afghanistan", "Vietnam", "Viet-Nam", "Laos",
        "Cambodia", "Indonesia", "Philippines", "Australia", "New Zealand", "Lebanon", "Syria", "Jordan", "Saudi Arabia",
        "Kuwait", "Libya", "North Korea", "South Korea", "North Vietnam", "South Vietnam", "East Germany", "West Germany",
        "Somalia", "Bosnia", "Serbia", "Croatia", "Grenada", "Cyprus",
    ];

    /// <summary>Titles that come before a person's name ("General Iglesias", "Mr. Marcy").</summary>
    public static IReadOnlyList<string> Titles { get; } =
    [
        "Mr.", "Mrs.", "Messrs.", "Dr.", "General", "Gen.", "Colonel", "Lieutenant-Colonel", "Captain", "Commodore",
        "Admiral", "Rear-Admiral", "Vice-Admiral", "Lieutenant", "Major", "Major-General", "Brigadier-General", "Judge",
        "Justice", "Chief Justice", "Governor", "Senator", "Secretary", "Commander", "President", "Vice President",
        "Ambassador", "Minister", "Prime Minister", "Premier", "Marshal", "King", "Queen", "Emperor", "Prince", "Sir",
        "Lord",
    ];

    /// <summary>The months, as the addresses spell them.</summary>
    public static IReadOnlyList<string> Months { get; } =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ];

    /// <summary>Numbers written as words that count things ("three commissioners").</summary>
    public static IReadOnlyList<string> NumberWords { get; } =
    [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety", "hundred",
    ];

    /// <summary>A regular-expression alternation of the items, longest first, so "Austria-Hungary" wins over "Austria".</summary>
    public static string Alternation(IEnumerable<string> items)
        => string.Join('|', items.OrderByDescending(i => i.Length).ThenBy(i => i, StringComparer.Ordinal).Select(System.Text.RegularExpressions.Regex.Escape));
}

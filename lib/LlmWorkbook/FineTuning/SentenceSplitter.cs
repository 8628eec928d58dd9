namespace LlmWorkbook.FineTuning;

/// <summary>
/// Splits an address into sentences: a sentence ends at ".", "?" or "!" (and any closing quote or bracket) followed by
/// a space and a capital letter, a digit or an opening quote, unless the word before the period is an abbreviation
/// ("Mr.", "St.", "Gen.", "U.S.") or a single capital (an initial, as in "Franklin D. Roosevelt").
/// </summary>
public static class SentenceSplitter
{
    /// <summary>A sentence and where it starts in the text it was split from.</summary>
    public sealed record Sentence(int Start, string Text)
    {
        /// <summary>The index just past the sentence's last character.</summary>
        public int End => Start + Text.Length;
    }

    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "Mr", "Mrs", "Messrs", "Dr", "St", "Hon", "Gen", "Col", "Capt", "Lieut", "Lt", "Maj", "Adm", "Gov", "Sen", "Rep",
        "Rev", "Prof", "Jr", "Sr", "No", "Nos", "Co", "Ft", "Mt", "vs", "viz", "esq", "Esq", "Jan", "Feb", "Mar", "Apr",
        "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Art", "Sec", "Vol", "Stat", "ch",
    };

    /// <summary>The sentences of <paramref name="text"/>, in order, each trimmed; the spaces between them belong to none.</summary>
    public static IReadOnlyList<Sentence> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<Sentence>();
        var start = SkipSpaces(text, 0);
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] is not ('.' or '?' or '!'))
            {
                continue;
            }
            var end = i + 1;
            while (end < text.Length && text[end] is '"' or '\'' or ')' or ']')
            {
                end++;
            }
            if (end < text.Length && (text[end] != ' ' || end + 1 >= text.Length || !StartsSentence(text[end + 1])))
            {
                continue;
            }
            if (text[i] == '.' && IsAbbreviation(text, i))
            {
                continue;
            }
            sentences.Add(new Sentence(start, text[start..end]));
            start = SkipSpaces(text, end);
            i = start - 1;
        }
        if (start < text.Length)
        {
            sentences.Add(new Sentence(start, text[start..].TrimEnd()));
        }
        return sentences;
    }

    private static bool StartsSentence(char c) => char.IsUpper(c) || char.IsDigit(c) || c is '"' or '\'' or '(' or '.';

    // The word just before the period at index dot: an abbreviation, an initial ("D."), or a dotted one ("U.S.").
    private static bool IsAbbreviation(string text, int dot)
    {
        var wordStart = dot;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }
        var word = text[wordStart..dot];
        return word.Length == 1 && char.IsUpper(word[0])
            || word.Contains('.')
            || Abbreviations.Contains(word);
    }

    private static int SkipSpaces(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }
        return index;
    }
}

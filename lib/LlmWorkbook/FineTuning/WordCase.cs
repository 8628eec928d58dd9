using System.Text.RegularExpressions;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// How a corpus capitalizes each word away from the start of a sentence: "Government" is mostly written "government",
/// "Iglesias" never lower-case. It tells a common word that only starts a sentence from a name.
/// </summary>
internal sealed partial class WordCase
{
    private readonly Dictionary<string, (int Lower, int Upper)> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts every word of these sentences except the first of each.</summary>
    public WordCase(IEnumerable<string> sentences)
    {
        foreach (var sentence in sentences)
        {
            var first = true;
            foreach (Match word in Word().Matches(sentence))
            {
                if (first)
                {
                    first = false;
                    continue;
                }
                var key = word.Value.ToLowerInvariant();
                var (lower, upper) = _counts.GetValueOrDefault(key);
                _counts[key] = char.IsUpper(word.Value[0]) ? (lower, upper + 1) : (lower + 1, upper);
            }
        }
    }

    /// <summary>The word is written lower-case at least as often as capitalized (or never seen capitalized).</summary>
    public bool IsCommon(string word)
    {
        var (lower, upper) = _counts.GetValueOrDefault(word.ToLowerInvariant());
        return lower >= upper;
    }

    /// <summary>The word is capitalized at least 9 times in 10 away from a sentence start: a name.</summary>
    public bool IsName(string word)
    {
        if (word.Length < 2 || !char.IsUpper(word[0]))
        {
            return false;
        }
        var (lower, upper) = _counts.GetValueOrDefault(word.ToLowerInvariant());
        return upper >= 1 && lower * 10 <= upper;
    }

    [GeneratedRegex(@"[A-Za-z][A-Za-z'-]*")]
    private static partial Regex Word();
}

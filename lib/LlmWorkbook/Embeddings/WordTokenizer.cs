using System.Text.RegularExpressions;

namespace LlmWorkbook.Embeddings;

/// <summary>
/// Splits text into lower-case words for word-level embeddings: runs of letters, with an inner apostrophe kept
/// ("don't", "king's"). Digits and punctuation are dropped; a word model has no use for them.
/// </summary>
public static partial class WordTokenizer
{
    [GeneratedRegex(@"\p{L}+(?:['’]\p{L}+)*")]
    private static partial Regex WordPattern();

    public static IEnumerable<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match match in WordPattern().Matches(text))
        {
            yield return match.Value.Replace('’', '\'').ToLowerInvariant();
        }
    }
}

namespace LlmWorkbook.FineTuning;

/// <summary>
/// Finds whether a text contains any of many phrases (each of at least <see cref="KeyWords"/> words), in one pass over
/// the text's words: the phrases are filed under their first words. Texts and phrases are compared with single spaces
/// (<see cref="SourceText.Normalize"/>).
/// </summary>
internal sealed class PhraseIndex
{
    /// <summary>How many leading words file a phrase; shorter phrases are not indexed.</summary>
    public const int KeyWords = 4;

    private readonly Dictionary<string, List<string>> _byFirstWords = new(StringComparer.Ordinal);

    public PhraseIndex(IEnumerable<string> phrases)
    {
        foreach (var phrase in phrases.Select(SourceText.Normalize).Distinct(StringComparer.Ordinal))
        {
            var words = phrase.Split(' ');
            if (words.Length < KeyWords)
            {
                continue;
            }
            var key = string.Join(' ', words[..KeyWords]);
            if (!_byFirstWords.TryGetValue(key, out var list))
            {
                _byFirstWords[key] = list = [];
            }
            list.Add(phrase);
        }
    }

    /// <summary>Whether the text contains one of the phrases, starting at a word.</summary>
    public bool FoundIn(string text)
    {
        var normalized = SourceText.Normalize(text);
        var words = normalized.Split(' ');
        for (var i = 0; i + KeyWords <= words.Length; i++)
        {
            if (_byFirstWords.TryGetValue(string.Join(' ', words, i, KeyWords), out var phrases)
                && phrases.Any(p => normalized.Contains(p, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }
}

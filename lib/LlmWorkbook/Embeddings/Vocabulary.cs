namespace LlmWorkbook.Embeddings;

/// <summary>
/// Word ↔ id table. Ids are in a fixed order: most frequent first, ties broken by ordinal word order, so the
/// same text always gives the same ids.
/// </summary>
public sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids;

    public IReadOnlyList<string> Words { get; }

    /// <summary>How often each word occurred in the text the vocabulary was built from (same order as <see cref="Words"/>).</summary>
    public IReadOnlyList<long> Counts { get; }

    public int Count => Words.Count;

    public Vocabulary(IReadOnlyList<string> words, IReadOnlyList<long> counts)
    {
        if (words.Count != counts.Count)
        {
            throw new ArgumentException("words and counts must have the same length.");
        }
        Words = words;
        Counts = counts;
        _ids = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            if (!_ids.TryAdd(words[i], i))
            {
                throw new ArgumentException($"'{words[i]}' occurs twice in the vocabulary.");
            }
        }
    }

    /// <summary>Counts the tokens and keeps the words seen at least <paramref name="minCount"/> times (at most <paramref name="maxSize"/> of them).</summary>
    public static Vocabulary Build(IEnumerable<string> tokens, int minCount = 1, int? maxSize = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        var kept = counts.Where(kv => kv.Value >= minCount)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(maxSize ?? int.MaxValue)
            .ToList();
        return new Vocabulary(kept.Select(kv => kv.Key).ToList(), kept.Select(kv => kv.Value).ToList());
    }

    public int this[string word] => _ids.TryGetValue(word, out var id) ? id : throw new KeyNotFoundException($"'{word}' is not in the vocabulary.");

    public bool Contains(string word) => _ids.ContainsKey(word);

    public bool TryGetId(string word, out int id) => _ids.TryGetValue(word, out id);

    /// <summary>Ids of the tokens that are in the vocabulary; unknown tokens are dropped.</summary>
    public int[] Encode(IEnumerable<string> tokens)
    {
        var ids = new List<int>();
        foreach (var token in tokens)
        {
            if (_ids.TryGetValue(token, out var id))
            {
                ids.Add(id);
            }
        }
        return ids.ToArray();
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace LlmWorkbook.Tokenization;

/// <summary>
/// Trains a byte-level BPE vocabulary: start from the 256 bytes, repeatedly merge the most frequent adjacent pair
/// of tokens (within pre-tokenization chunks) into a new token. Ties go to the pair with the smaller ids (left, then
/// right), so training is deterministic. Pair counts are updated incrementally: after a merge only the chunks that
/// contain the merged pair are touched, and a priority queue finds the next most frequent pair.
/// A text too short to supply enough pairs stops training early, with fewer ids than asked for.
/// </summary>
public sealed class BpeTrainer(BpeTrainerConfig config)
{
    public BpeTrainerConfig Config { get; } = config;

    public ByteLevelBpeTokenizer Train(string text)
    {
        var specials = Config.SpecialTokens ?? BpeTrainerConfig.DefaultSpecialTokens;
        var mergeCount = Config.VocabSize - 256 - specials.Count;
        if (mergeCount < 0)
        {
            throw new ArgumentException($"VocabSize {Config.VocabSize} is smaller than 256 bytes + {specials.Count} special tokens.");
        }

        var (words, frequencies) = CountChunks(text, Config.SplitPattern);
        var lengths = words.Select(w => w.Length).ToArray();
        var pairCounts = new Dictionary<long, long>();
        var pairWords = new Dictionary<long, List<int>>();
        for (var w = 0; w < words.Length; w++)
        {
            for (var i = 0; i + 1 < words[w].Length; i++)
            {
                var key = Key(words[w][i], words[w][i + 1]);
                pairCounts[key] = pairCounts.GetValueOrDefault(key) + frequencies[w];
                AddWord(pairWords, key, w);
            }
        }
        // Max-heap by count, then min by (left, right): priority (-count, key).
        var queue = new PriorityQueue<long, (long, long)>();
        foreach (var (key, count) in pairCounts)
        {
            queue.Enqueue(key, (-count, key));
        }

        var vocab = new List<byte[]>(Config.VocabSize);
        for (var b = 0; b < 256; b++)
        {
            vocab.Add([(byte)b]);
        }
        var idsByBytes = new Dictionary<byte[], int>(ByteSequenceComparer.Instance);
        for (var b = 0; b < 256; b++)
        {
            idsByBytes[vocab[b]] = b;
        }
        var merges = new List<BpeMerge>();
        var delta = new Dictionary<long, long>();
        var lastVisit = new int[words.Length];
        Array.Fill(lastVisit, -1);

        while (vocab.Count < 256 + mergeCount && queue.TryDequeue(out var best, out var priority))
        {
            if (!pairCounts.TryGetValue(best, out var current) || current != -priority.Item1 || current <= 0)
            {
                continue; // stale queue entry
            }
            var (left, right) = Split(best);
            var joined = vocab[left].Concat(vocab[right]).ToArray();
            // Two different pairs can spell the same bytes ("ab"+"c" and "a"+"bc"); they share one id so the
            // ranks stay a one-to-one map from bytes to ids, as the tiktoken format requires.
            if (!idsByBytes.TryGetValue(joined, out var id))
            {
                id = vocab.Count;
                vocab.Add(joined);
                idsByBytes[joined] = id;
            }
            merges.Add(new BpeMerge(left, right, id));

            delta.Clear();
            var visit = merges.Count;
            foreach (var w in pairWords[best])
            {
                if (lastVisit[w] == visit)
                {
                    continue;
                }
                lastVisit[w] = visit;
                MergeWord(words[w], ref lengths[w], left, right, id, frequencies[w], w, delta, pairWords);
            }
            pairWords.Remove(best);
            foreach (var (key, change) in delta)
            {
                if (change == 0)
                {
                    continue;
                }
                var count = pairCounts.GetValueOrDefault(key) + change;
                if (count <= 0)
                {
                    pairCounts.Remove(key);
                }
                else
                {
                    pairCounts[key] = count;
                    queue.Enqueue(key, (-count, key));
                }
            }
        }

        var ranks = new Dictionary<byte[], int>(ByteSequenceComparer.Instance);
        for (var i = 0; i < vocab.Count; i++)
        {
            ranks[vocab[i]] = i;
        }
        var specialIds = specials.Select((s, i) => (s, vocab.Count + i)).ToDictionary(p => p.s, p => p.Item2, StringComparer.Ordinal);
        return new ByteLevelBpeTokenizer(ranks, Config.SplitPattern, specialIds, merges);
    }

    /// <summary>Replaces every (left, right) in the word, left to right, by id; records pair-count changes in delta.</summary>
    private static void MergeWord(int[] symbols, ref int length, int left, int right, int id, long frequency, int word,
        Dictionary<long, long> delta, Dictionary<long, List<int>> pairWords)
    {
        var found = false;
        for (var i = 0; i + 1 < length; i++)
        {
            if (symbols[i] == left && symbols[i + 1] == right)
            {
                found = true;
                break;
            }
        }
        if (!found)
        {
            return; // the word was listed for this pair once, but an earlier merge consumed it
        }
        for (var i = 0; i + 1 < length; i++)
        {
            var key = Key(symbols[i], symbols[i + 1]);
            delta[key] = delta.GetValueOrDefault(key) - frequency;
        }
        var write = 0;
        for (var read = 0; read < length;)
        {
            if (read + 1 < length && symbols[read] == left && symbols[read + 1] == right)
            {
                symbols[write++] = id;
                read += 2;
            }
            else
            {
                symbols[write++] = symbols[read++];
            }
        }
        length = write;
        for (var i = 0; i + 1 < length; i++)
        {
            var key = Key(symbols[i], symbols[i + 1]);
            delta[key] = delta.GetValueOrDefault(key) + frequency;
            if (symbols[i] == id || symbols[i + 1] == id)
            {
                AddWord(pairWords, key, word);
            }
        }
    }

    /// <summary>Unique pre-tokenization chunks as byte arrays, with how often each occurs (first-occurrence order).</summary>
    private static (int[][] Words, long[] Frequencies) CountChunks(string text, string pattern)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var splitter = new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        foreach (var match in splitter.EnumerateMatches(text))
        {
            var chunk = text.AsSpan(match.Index, match.Length);
            lookup[chunk] = lookup.TryGetValue(chunk, out var count) ? count + 1 : 1;
        }
        var words = new int[counts.Count][];
        var frequencies = new long[counts.Count];
        var w = 0;
        foreach (var (chunk, count) in counts)
        {
            words[w] = Encoding.UTF8.GetBytes(chunk).Select(b => (int)b).ToArray();
            frequencies[w++] = count;
        }
        return (words, frequencies);
    }

    private static void AddWord(Dictionary<long, List<int>> pairWords, long key, int word)
    {
        if (!pairWords.TryGetValue(key, out var list))
        {
            pairWords[key] = list = [];
        }
        if (list.Count == 0 || list[^1] != word)
        {
            list.Add(word);
        }
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private static (int Left, int Right) Split(long key) => ((int)(key >> 32), (int)(key & 0xFFFFFFFF));
}

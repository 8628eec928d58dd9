using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Tokenization;

public sealed class BpeTrainerTests
{
    [Fact]
    public void Wikipedia_example_aaabdaaabac_learns_aa_then_ab_then_aaab()
    {
        // Pairs: aa×4, ab×2, … → Z=aa; then (Z,a)×2 ties (a,b)×2 and the smaller ids win: Y=ab; then ZY×2 → X.
        var tokenizer = new BpeTrainer(new BpeTrainerConfig(259, SpecialTokens: [])).Train("aaabdaaabac");

        Assert.Equal(
            [new BpeMerge('a', 'a', 256), new BpeMerge('a', 'b', 257), new BpeMerge(256, 257, 258)],
            tokenizer.Merges);
        Assert.Equal("aaab"u8.ToArray(), tokenizer.TokenBytes(258));
        Assert.Equal([258, 'd', 258, 'a', 'c'], tokenizer.Encode("aaabdaaabac"));
        Assert.Equal(259, tokenizer.VocabSize);
    }

    [Fact]
    public void Merges_never_cross_pre_tokenization_chunks()
    {
        // GPT-4 split: "ab", " ab", " ab", "." → (a,b)×3 first; then (' ', ab)×2. "b " never forms: it spans two chunks.
        var tokenizer = new BpeTrainer(new BpeTrainerConfig(258, SpecialTokens: [])).Train("ab ab ab.");

        Assert.Equal([new BpeMerge('a', 'b', 256), new BpeMerge(' ', 256, 257)], tokenizer.Merges);
        Assert.Equal([256, 257, 257, '.'], tokenizer.Encode("ab ab ab."));
    }

    [Fact]
    public void Overlapping_pairs_count_every_adjacent_position_and_merge_left_to_right()
    {
        // "aaaa": (a,a) at 3 positions → one merge gives [aa, aa]; then (aa,aa) once → aaaa.
        var tokenizer = new BpeTrainer(new BpeTrainerConfig(258, SpecialTokens: [])).Train("aaaa");

        Assert.Equal([new BpeMerge('a', 'a', 256), new BpeMerge(256, 256, 257)], tokenizer.Merges);
        Assert.Equal([256, 'a'], tokenizer.Encode("aaa"));
    }

    [Fact]
    public void Special_tokens_get_the_ids_after_the_merges()
    {
        var tokenizer = new BpeTrainer(new BpeTrainerConfig(262)).Train("aaabdaaabac");

        Assert.Equal(3, tokenizer.Merges.Count);
        Assert.Equal(259, tokenizer.SpecialTokenId(ChatTemplate.EndOfText));
        Assert.Equal(260, tokenizer.SpecialTokenId(ChatTemplate.ImStart));
        Assert.Equal(261, tokenizer.SpecialTokenId(ChatTemplate.ImEnd));
        Assert.Equal(262, tokenizer.VocabSize);
    }

    [Fact]
    public void Training_is_deterministic_and_matches_a_naive_recount()
    {
        var text = string.Concat(Enumerable.Repeat("the cat sat on the mat; the hat, the rat. ", 5)) + "that thing there";
        var tokenizer = new BpeTrainer(new BpeTrainerConfig(300, SpecialTokens: [])).Train(text);

        Assert.Equal(NaiveMerges(text, 300 - 256), tokenizer.Merges.Select(m => (m.Left, m.Right)));
    }

    [Fact]
    public void Incremental_counts_match_a_naive_recount_on_multilingual_bytes()
    {
        var text = string.Concat(MultilingualSamples.Load().Select(s => s.Text + "\n"));
        var tokenizer = new BpeTrainer(new BpeTrainerConfig(256 + 150, SpecialTokens: [])).Train(text);

        Assert.Equal(NaiveMerges(text, 150), tokenizer.Merges.Select(m => (m.Left, m.Right)));
        Assert.Equal(Enumerable.Range(256, 150), tokenizer.Merges.Select(m => m.Id));
    }

    /// <summary>Reference: recount every pair from scratch before each merge (slow, obviously right).</summary>
    private static List<(int, int)> NaiveMerges(string text, int count)
    {
        var chunks = new System.Text.RegularExpressions.Regex(SplitPatterns.Gpt4).Matches(text)
            .Select(m => System.Text.Encoding.UTF8.GetBytes(m.Value).Select(b => (int)b).ToList())
            .ToList();
        var merges = new List<(int, int)>();
        for (var next = 256; merges.Count < count; next++)
        {
            var counts = new Dictionary<(int, int), int>();
            foreach (var chunk in chunks)
            {
                for (var i = 0; i + 1 < chunk.Count; i++)
                {
                    counts[(chunk[i], chunk[i + 1])] = counts.GetValueOrDefault((chunk[i], chunk[i + 1])) + 1;
                }
            }
            if (counts.Count == 0)
            {
                break;
            }
            var best = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2).First().Key;
            merges.Add(best);
            foreach (var chunk in chunks)
            {
                for (var i = 0; i + 1 < chunk.Count; i++)
                {
                    if (chunk[i] == best.Item1 && chunk[i + 1] == best.Item2)
                    {
                        chunk[i] = next;
                        chunk.RemoveAt(i + 1);
                    }
                }
            }
        }
        return merges;
    }
}

using System.Globalization;
using System.Text;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Rag;

/// <summary>
/// Cuts an address into chunks two ways: whole sentences up to a number of words, with a few sentences repeated
/// between neighbours (<see cref="BySentences"/>); or fixed windows of tokens with an overlap, blind to sentences
/// (<see cref="ByTokens"/>). Each chunk keeps its address's year, president and party and its sentence range.
/// </summary>
public static class Chunker
{
    /// <summary>
    /// Consecutive sentences while they fit <paramref name="maxWords"/> (a longer sentence is a chunk of its own); each
    /// next chunk starts <paramref name="overlapSentences"/> sentences before the previous one ended, always at least one
    /// sentence further on.
    /// </summary>
    public static IReadOnlyList<Chunk> BySentences(CourseCorpus.Address address, int maxWords, int overlapSentences)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWords, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(overlapSentences);
        var sentences = SentenceSplitter.Split(address.Text);
        var words = sentences.Select(s => CourseCorpus.WordCount(s.Text)).ToArray();
        var chunks = new List<Chunk>();
        for (var first = 0; first < sentences.Count;)
        {
            var (last, total) = (first, words[first]);
            while (last + 1 < sentences.Count && total + words[last + 1] <= maxWords)
            {
                total += words[++last];
            }
            chunks.Add(Make(address, chunks.Count, first, last, address.Text[sentences[first].Start..sentences[last].End]));
            if (last == sentences.Count - 1)
            {
                break;
            }
            first = Math.Max(first + 1, last + 1 - overlapSentences);
        }
        return chunks;
    }

    /// <summary>
    /// Windows of <paramref name="windowTokens"/> tokens of the address's encoding, each starting
    /// <paramref name="windowTokens"/> − <paramref name="overlapTokens"/> tokens after the previous one; the last window
    /// ends with the address. A window's text is its tokens decoded (a character cut by the window's edge becomes U+FFFD).
    /// </summary>
    public static IReadOnlyList<Chunk> ByTokens(CourseCorpus.Address address, ByteLevelBpeTokenizer tokenizer, int windowTokens, int overlapTokens)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowTokens, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(overlapTokens);
        if (overlapTokens >= windowTokens)
        {
            throw new ArgumentException($"the overlap ({overlapTokens} tokens) must be smaller than the window ({windowTokens})", nameof(overlapTokens));
        }
        var tokens = tokenizer.Encode(address.Text);
        var sentences = SentenceSplitter.Split(address.Text);
        // Byte offsets: where each token starts, and where each sentence starts and ends, in the address's UTF-8.
        var tokenStart = new long[tokens.Count + 1];
        for (var i = 0; i < tokens.Count; i++)
        {
            tokenStart[i + 1] = tokenStart[i] + tokenizer.TokenBytes(tokens[i]).Length;
        }
        var sentenceStart = sentences.Select(s => (long)Encoding.UTF8.GetByteCount(address.Text.AsSpan(0, s.Start))).ToArray();
        var sentenceEnd = sentences.Select(s => (long)Encoding.UTF8.GetByteCount(address.Text.AsSpan(0, s.End))).ToArray();
        var chunks = new List<Chunk>();
        for (var start = 0; start < tokens.Count; start += windowTokens - overlapTokens)
        {
            var end = Math.Min(start + windowTokens, tokens.Count);
            var (from, to) = (tokenStart[start], tokenStart[end]);
            var first = Math.Max(0, Array.FindIndex(sentenceEnd, e => e > from));
            var last = Math.Max(first, Array.FindLastIndex(sentenceStart, s => s < to));
            chunks.Add(Make(address, chunks.Count, first, last, tokenizer.Decode(tokens.Skip(start).Take(end - start))));
            if (end == tokens.Count)
            {
                break;
            }
        }
        return chunks;
    }

    private static Chunk Make(CourseCorpus.Address address, int index, int first, int last, string text)
    {
        var surname = address.President.Split(' ')[^1].ToLowerInvariant();
        var id = string.Create(CultureInfo.InvariantCulture, $"{address.Year}-{surname}-{index:D3}");
        return new Chunk(id, address.Year, address.President, address.PartyName, first, last, text);
    }
}

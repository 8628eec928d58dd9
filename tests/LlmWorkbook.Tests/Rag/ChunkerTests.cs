using LlmWorkbook.FineTuning;
using LlmWorkbook.Gpt;
using LlmWorkbook.Rag;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Rag;

public sealed class ChunkerTests
{
    private static readonly CourseCorpus.Address Address = CourseCorpus.LoadAllAddresses().First(a => a.Year == 1862);

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public void Sentence_chunks_cover_the_address_in_order_with_the_overlap_and_within_the_word_limit()
    {
        var sentences = SentenceSplitter.Split(Address.Text);
        var chunks = Chunker.BySentences(Address, maxWords: 120, overlapSentences: 1);

        Assert.Equal(0, chunks[0].FirstSentence);
        Assert.Equal(sentences.Count - 1, chunks[^1].LastSentence);
        Assert.All(chunks, c =>
        {
            Assert.True(Words(c.Text) <= 120 || c.FirstSentence == c.LastSentence, $"{c.Id}: {Words(c.Text)} words");
            Assert.Equal(Address.Text[sentences[c.FirstSentence].Start..sentences[c.LastSentence].End], c.Text);
            Assert.Equal((1862, "Abraham Lincoln", "Republican"), (c.Year, c.President, c.Party));
        });
        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.True(chunks[i].FirstSentence > chunks[i - 1].FirstSentence);
            Assert.Equal(Math.Max(chunks[i - 1].FirstSentence + 1, chunks[i - 1].LastSentence), chunks[i].FirstSentence);
        }
        Assert.Equal(chunks.Count, chunks.Select(c => c.Id).Distinct().Count());
        Assert.Equal("1862-lincoln-000", chunks[0].Id);
    }

    [Fact]
    public void Token_windows_have_the_size_and_stride_asked_for_and_rebuild_the_address()
    {
        var tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        var tokens = tokenizer.Encode(Address.Text);
        var chunks = Chunker.ByTokens(Address, tokenizer, windowTokens: 200, overlapTokens: 50);

        Assert.Equal((tokens.Count - 200 + 149) / 150 + 1, chunks.Count);
        var rebuilt = new List<int>();
        for (var i = 0; i < chunks.Count; i++)
        {
            var window = tokens.Skip(i * 150).Take(200).ToList();
            Assert.Equal(tokenizer.Decode(window), chunks[i].Text);
            rebuilt.AddRange(i == 0 ? window : window.Skip(50));
            Assert.InRange(chunks[i].FirstSentence, 0, chunks[i].LastSentence);
        }
        Assert.Equal(tokens, rebuilt.Take(tokens.Count));
        Assert.Equal(SentenceSplitter.Split(Address.Text).Count - 1, chunks[^1].LastSentence);
    }

    [Fact]
    public void Bad_sizes_are_refused()
    {
        var tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        Assert.Throws<ArgumentException>(() => Chunker.ByTokens(Address, tokenizer, 100, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => Chunker.BySentences(Address, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Chunker.BySentences(Address, 50, -1));
    }
}

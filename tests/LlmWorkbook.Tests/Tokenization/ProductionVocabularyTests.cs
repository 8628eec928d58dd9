using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Tokenization;

/// <summary>Our encoder running OpenAI's published vocabularies must reproduce published token ids.</summary>
public class ProductionVocabularyTests
{
    internal static readonly Lazy<ByteLevelBpeTokenizer> Cl100k = new(ByteLevelBpeTokenizer.Cl100kBase);
    internal static readonly Lazy<ByteLevelBpeTokenizer> O200k = new(ByteLevelBpeTokenizer.O200kBase);

    // Vectors from tiktoken's tests (test_encoding.py) and Microsoft.ML.Tokenizers' TiktokenTests.
    [Theory]
    [InlineData("hello world", new[] { 15339, 1917 })]
    [InlineData("Hello World", new[] { 9906, 4435 })]
    [InlineData("rer", new[] { 38149 })]
    [InlineData("'rer", new[] { 2351, 81 })]
    [InlineData("today\n ", new[] { 31213, 198, 220 })]
    [InlineData("today\n \n", new[] { 31213, 27907 })]
    [InlineData("today\n  \n", new[] { 31213, 14211 })]
    [InlineData(" \u00850", new[] { 220, 126, 227, 15 })]
    [InlineData("👍", new[] { 9468, 239, 235 })]
    [InlineData("Hello ⭐ World", new[] { 9906, 2928, 99834, 4435 })]
    public void Cl100k_base_published_vectors(string text, int[] expected)
    {
        Assert.Equal(expected, Cl100k.Value.Encode(text));
        Assert.Equal(text, Cl100k.Value.Decode(expected));
    }

    [Fact]
    public void Cl100k_base_special_tokens_and_lone_surrogates()
    {
        var tokenizer = Cl100k.Value;
        Assert.Equal([15339, 220, 100257], tokenizer.Encode("hello <|endoftext|>", [ChatTemplate.EndOfText]));
        Assert.DoesNotContain(100257, tokenizer.Encode("hello <|endoftext|>"));
        Assert.Equal(tokenizer.Encode("\uFFFD"), tokenizer.Encode("\ud83d"));
        Assert.Equal(100256, tokenizer.RankCount);
    }

    [Fact]
    public void O200k_base_published_vectors()
    {
        var tokenizer = O200k.Value;
        Assert.Equal([13225, 161181, 5922], tokenizer.Encode("Hello ⭐ World"));
        Assert.Equal(
            [199999, 13225, 161181, 5922, 200018],
            tokenizer.Encode("<|endoftext|>Hello ⭐ World<|endofprompt|>", tokenizer.SpecialTokens.Keys));
    }
}

public class LongChunkTests
{
    [Fact]
    public void Long_chunks_merge_exactly_like_short_ones()
    {
        var tokenizer = ProductionVocabularyTests.Cl100k.Value;
        var random = new Random(5);
        for (var n = 0; n < 40; n++)
        {
            var letters = new string(Enumerable.Range(0, random.Next(2, 600)).Select(_ => "aabeinorst"[random.Next(10)]).ToArray());
            var bytes = System.Text.Encoding.UTF8.GetBytes(letters);
            Assert.Equal(tokenizer.MergeShortChunk(bytes), tokenizer.MergeLongChunk(bytes));
        }
    }

    [Fact]
    public void A_300_000_letter_word_encodes_and_round_trips()
    {
        var tokenizer = ProductionVocabularyTests.Cl100k.Value;
        var text = new string('x', 300_000);
        var ids = tokenizer.Encode(text);
        Assert.Equal(text, tokenizer.Decode(ids));
        Assert.True(ids.Count < 100_000);
    }
}

using System.Text;
using LlmWorkbook.Tokenization;
using Microsoft.ML.Tokenizers;

namespace LlmWorkbook.Tests.Tokenization;

public sealed class ByteLevelBpeTokenizerTests
{
    private static readonly Lazy<ByteLevelBpeTokenizer> Small = new(() =>
        new BpeTrainer(new BpeTrainerConfig(600)).Train(string.Concat(MultilingualSamples.Load().Select(s => s.Text + "\n"))));

    /// <summary>OpenAI's published vocabularies: with them our encoder must reproduce published token ids.</summary>
    internal static readonly Lazy<ByteLevelBpeTokenizer> Cl100k = new(ByteLevelBpeTokenizer.Cl100kBase);

    internal static readonly Lazy<ByteLevelBpeTokenizer> O200k = new(ByteLevelBpeTokenizer.O200kBase);

    [Fact]
    public void Random_valid_unicode_round_trips_exactly()
    {
        var random = new Random(1234);
        for (var n = 0; n < 300; n++)
        {
            var text = RandomUnicode.Text(random, random.Next(0, 60), allowLoneSurrogates: false);
            Assert.Equal(text, Small.Value.Decode(Small.Value.Encode(text)));
        }
    }

    [Fact]
    public void Lone_surrogates_are_encoded_as_the_replacement_character()
    {
        var tokenizer = Small.Value;
        Assert.Equal(tokenizer.Encode("\uFFFD"), tokenizer.Encode("\uD83D"));
        Assert.Equal("a\uFFFDb\uFFFD", tokenizer.Decode(tokenizer.Encode("a\uDC4Db\uD83D")));

        var random = new Random(99);
        for (var n = 0; n < 300; n++)
        {
            var text = RandomUnicode.Text(random, random.Next(1, 40), allowLoneSurrogates: true);
            Assert.Equal(RandomUnicode.ReplaceLoneSurrogates(text), tokenizer.Decode(tokenizer.Encode(text)));
        }
    }

    [Fact]
    public void Decoding_part_of_a_character_gives_the_replacement_character()
    {
        // Only the 256 single bytes, so "€" (E2 82 AC) is certainly three tokens.
        var tokenizer = new ByteLevelBpeTokenizer(Enumerable.Range(0, 256).ToDictionary(b => new[] { (byte)b }, b => b), SplitPatterns.Gpt4);
        var ids = tokenizer.Encode("€");
        Assert.Equal([0xE2, 0x82, 0xAC], ids);
        Assert.Equal("€"u8.ToArray(), tokenizer.DecodeBytes(ids));
        Assert.Equal("\uFFFD", tokenizer.Decode(ids.Take(1)));
        Assert.Equal("\uFFFD", tokenizer.Decode(ids.Take(2)));
        Assert.Equal("a\uFFFD", tokenizer.Decode(tokenizer.Encode("a€").SkipLast(1)));
        Assert.Equal("€", tokenizer.Decode(ids));
    }

    [Fact]
    public void Special_token_text_is_ordinary_text_unless_allowed()
    {
        var tokenizer = Small.Value;
        var eot = tokenizer.SpecialTokenId(ChatTemplate.EndOfText);
        const string text = "hello <|endoftext|> world";

        var ordinary = tokenizer.Encode(text);
        Assert.DoesNotContain(eot, ordinary);
        Assert.Equal(text, tokenizer.Decode(ordinary));

        var allowed = tokenizer.Encode(text, [ChatTemplate.EndOfText]);
        Assert.Single(allowed, eot);
        Assert.Equal(text, tokenizer.Decode(allowed));

        // Allowing one special token does not allow the others.
        var other = tokenizer.Encode("<|im_start|><|endoftext|>", [ChatTemplate.EndOfText]);
        Assert.DoesNotContain(tokenizer.SpecialTokenId(ChatTemplate.ImStart), other);
        Assert.Equal(eot, other[^1]);

        Assert.Throws<ArgumentException>(() => tokenizer.Encode(text, ["<|not_registered|>"]));
        Assert.Equal(3, tokenizer.EncodeTrusted("<|im_start|><|endoftext|><|im_end|>").Count);
    }

    [Fact]
    public void Export_and_reload_in_tiktoken_format_gives_the_same_tokenizer()
    {
        var tokenizer = Small.Value;
        using var file = new MemoryStream();
        TiktokenFile.Write(tokenizer, file);
        var firstLine = Encoding.ASCII.GetString(file.ToArray()).Split('\n')[0];
        Assert.Equal("AA== 0", firstLine); // byte 0x00, rank 0

        file.Position = 0;
        var reloaded = ByteLevelBpeTokenizer.FromTiktoken(file, tokenizer.SplitPattern, tokenizer.SpecialTokens);
        var text = string.Concat(MultilingualSamples.Load().Select(s => s.Text));
        Assert.Equal(tokenizer.Encode(text), reloaded.Encode(text));
        Assert.Equal(tokenizer.VocabSize, reloaded.VocabSize);
    }

    [Fact]
    public void Rejects_a_vocabulary_without_every_byte()
    {
        var ranks = new Dictionary<byte[], int> { [[0x61]] = 0 };
        Assert.Throws<ArgumentException>(() => new ByteLevelBpeTokenizer(ranks, SplitPatterns.Gpt4));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(ByteLevelBpeTokenizer.MaxVocabSize)]
    [InlineData(-1)]
    public void Rejects_an_id_outside_the_largest_vocabulary(int id)
    {
        var ranks = Enumerable.Range(0, 256).ToDictionary(b => new[] { (byte)b }, b => b);
        var rankError = Assert.Throws<ArgumentException>(() => new ByteLevelBpeTokenizer(
            new Dictionary<byte[], int>(ranks) { ["ab"u8.ToArray()] = id }, SplitPatterns.Gpt4));
        Assert.Contains($"Rank {id} (token YWI=) is outside 0 to 2097151", rankError.Message);
        var specialError = Assert.Throws<ArgumentException>(() => new ByteLevelBpeTokenizer(
            ranks, SplitPatterns.Gpt4, new Dictionary<string, int> { ["<|endoftext|>"] = id }));
        Assert.Contains($"'<|endoftext|>' has id {id}, outside 0 to 2097151", specialError.Message);
    }

    // Published vectors from tiktoken's tests (test_encoding.py) and Microsoft.ML.Tokenizers' TiktokenTests.
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

    [Fact]
    public void Long_chunks_merge_exactly_like_short_ones()
    {
        var tokenizer = Cl100k.Value;
        var random = new Random(5);
        for (var n = 0; n < 40; n++)
        {
            var letters = new string(Enumerable.Range(0, random.Next(2, 600)).Select(_ => "aabeinorst"[random.Next(10)]).ToArray());
            var bytes = Encoding.UTF8.GetBytes(letters);
            Assert.Equal(tokenizer.MergeShortChunk(bytes), tokenizer.MergeLongChunk(bytes));
        }
    }

    [Fact]
    public void A_300_000_letter_word_encodes_and_round_trips()
    {
        var tokenizer = Cl100k.Value;
        var text = new string('x', 300_000);
        var ids = tokenizer.Encode(text);
        Assert.Equal(text, tokenizer.Decode(ids));
        Assert.True(ids.Count < 100_000);
    }

    [Fact]
    public void The_largest_vocabulary_holds_the_production_ones()
    {
        Assert.InRange(ByteLevelBpeTokenizer.O200kBase().VocabSize, 200_000, ByteLevelBpeTokenizer.MaxVocabSize);
    }

    /// <summary>Texts that stress pre-tokenization and byte handling: whitespace runs, numbers, contractions, scripts, emoji, combining marks.</summary>
    internal static IEnumerable<string> AdversarialTexts()
    {
        yield return "";
        yield return "   leading and trailing   ";
        yield return "tabs\tand\r\nwindows\r\n\r\nnewlines\n\n\n";
        yield return "Numbers 1234567 3.14159 -42 1,000,000 and 0000000000";
        yield return "Contractions: don't, WON'T, they're, I'LL, we've, she'd";
        yield return "Ünïcödé façade naïve café coöperate — “quotes” ‘single’ …";
        yield return "混合文本: 東京 مرحبا שלום नमस्ते Привет Γειά 안녕하세요";
        yield return "emoji 👍🏽 👨‍👩‍👧‍👦 🇺🇸 ⭐ and math 𝐀𝐁𝐂 𝔘𝔫𝔦";
        yield return "combining: e\u0301 a\u0308 \u0915\u094D\u0937 zero\u200Bwidth \uFEFFbom";
        yield return "<|endoftext|> <|im_start|>user\nhi<|im_end|> <|fim_prefix|>";
        yield return "a" + new string(' ', 40) + "b" + new string('!', 50) + new string('x', 300);
        yield return "code: for (int i = 0; i < n; i++) { sum += a[i]; } // done";
        var random = new Random(7);
        for (var n = 0; n < 50; n++)
        {
            yield return RandomUnicode.Text(random, random.Next(1, 80), allowLoneSurrogates: false);
        }
    }

    [Fact]
    public void Our_encoder_with_cl100k_ranks_matches_ml_tokenizers_gpt4()
    {
        var ours = Cl100k.Value;
        var theirs = TiktokenTokenizer.CreateForModel("gpt-4");
        foreach (var text in AdversarialTexts().Where(t => !t.Contains("<|")).Append(CourseCorpus.LoadText(20_000)))
        {
            Assert.Equal(theirs.EncodeToIds(text), ours.Encode(text));
        }
    }

    [Fact]
    public void Our_encoder_with_o200k_ranks_matches_ml_tokenizers_gpt4o()
    {
        var ours = O200k.Value;
        var theirs = TiktokenTokenizer.CreateForModel("gpt-4o");
        foreach (var text in AdversarialTexts().Where(t => !t.Contains("<|")).Append(CourseCorpus.LoadText(20_000)))
        {
            Assert.Equal(theirs.EncodeToIds(text), ours.Encode(text));
        }
    }
}

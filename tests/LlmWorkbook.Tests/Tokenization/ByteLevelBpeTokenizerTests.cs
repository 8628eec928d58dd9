using System.Text;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Tokenization;

public class ByteLevelBpeTokenizerTests
{
    private static readonly Lazy<ByteLevelBpeTokenizer> Small = new(() =>
        new BpeTrainer(new BpeTrainerConfig(600)).Train(string.Concat(MultilingualSamples.Load().Select(s => s.Text + "\n"))));

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
        var tokenizer = Small.Value;
        // A character the training text never shows stays its four UTF-8 bytes, so one token is part of it.
        var ids = tokenizer.Encode("\U0001D11E");
        Assert.Equal("\U0001D11E"u8.ToArray(), tokenizer.DecodeBytes(ids));
        Assert.True(ids.Count > 1, $"the character became {ids.Count} token(s); the test needs one split over several");
        Assert.Contains('\uFFFD', tokenizer.Decode(ids.Take(1)));
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
}

/// <summary>Random strings over scripts, symbols, whitespace and astral characters; optionally lone surrogates.</summary>
internal static class RandomUnicode
{
    private static readonly (int From, int To)[] Ranges =
    [
        (0x20, 0x7E), (0x20, 0x7E), (0x09, 0x0D), (0xA0, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x4FF),
        (0x590, 0x6FF), (0x900, 0x97F), (0x3040, 0x30FF), (0x4E00, 0x4FFF), (0xAC00, 0xAD00), (0xFF00, 0xFFEF),
        (0x1F300, 0x1F64F), (0x1D400, 0x1D4FF), (0x10000, 0x1007F),
    ];

    public static string Text(Random random, int length, bool allowLoneSurrogates)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            if (allowLoneSurrogates && random.Next(8) == 0)
            {
                builder.Append((char)random.Next(0xD800, 0xE000));
                continue;
            }
            var (from, to) = Ranges[random.Next(Ranges.Length)];
            builder.Append(char.ConvertFromUtf32(random.Next(from, to + 1)));
        }
        return builder.ToString();
    }

    public static string ReplaceLoneSurrogates(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text, i++, 2);
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }
        return builder.ToString();
    }
}

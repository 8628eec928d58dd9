using System.Text;
using System.Text.RegularExpressions;
using LlmWorkbook.Tokenization;
using Microsoft.ML.Tokenizers;

namespace LlmWorkbook.Tests.Tokenization;

public sealed class TiktokenFileTests : IDisposable
{
    /// <summary>
    /// A tokenizer trained on the corpus, exported in this format and loaded by Microsoft.ML.Tokenizers: the proof that
    /// the export is a real tiktoken file (and ours real BPE) is that both then give the same ids.
    /// </summary>
    private static readonly Lazy<(ByteLevelBpeTokenizer Ours, TiktokenTokenizer Theirs, string Text)> TrainedOnCorpus = new(() =>
    {
        var text = CourseCorpus.LoadText(200_000);
        var ours = new BpeTrainer(new BpeTrainerConfig(1024)).Train(text);
        using var file = new MemoryStream();
        TiktokenFile.Write(ours, file);
        file.Position = 0;
        var theirs = TiktokenTokenizer.Create(file, new RegexPreTokenizer(new Regex(ours.SplitPattern), null), normalizer: null);
        return (ours, theirs, text);
    });

    private readonly string directory = Directory.CreateTempSubdirectory("tiktoken-test").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>The 256 single bytes at ranks 0–255 (lines 1–256), then the given lines (from line 257).</summary>
    private string WriteRanks(params string[] extraLines)
    {
        var lines = Enumerable.Range(0, 256).Select(b => $"{Convert.ToBase64String([(byte)b])} {b}").Concat(extraLines);
        var path = Path.Combine(directory, "ranks.tiktoken");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Reads_dense_ranks()
    {
        var ranks = TiktokenFile.Read(WriteRanks($"{Base64("ab")} 256", $"{Base64("abc")} 257"));
        Assert.Equal(258, ranks.Count);
        Assert.Equal(257, ranks[Encoding.UTF8.GetBytes("abc")]);
    }

    [Fact]
    public void Reads_the_compact_form_with_positional_ranks()
    {
        var text = "Capacity: 300\n" + string.Join("\n", Enumerable.Range(0, 256).Select(b => Convert.ToBase64String([(byte)b])));
        var ranks = TiktokenFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(256, ranks.Count);
        Assert.Equal(255, ranks[[0xFF]]);
    }

    [Fact]
    public void Bad_base64_names_the_file_and_line()
    {
        var error = Assert.Throws<InvalidDataException>(() => TiktokenFile.Read(WriteRanks("YW*= 256")));
        Assert.Equal("ranks.tiktoken:257: 'YW*=' is not base64", error.Message);
    }

    [Fact]
    public void A_repeated_token_names_both_lines()
    {
        var error = Assert.Throws<InvalidDataException>(() => TiktokenFile.Read(WriteRanks($"{Base64("ab")} 256", $"{Base64("ab")} 257")));
        Assert.Equal($"ranks.tiktoken:258: token '{Base64("ab")}' repeats line 257", error.Message);
    }

    [Fact]
    public void A_repeated_rank_names_both_lines()
    {
        var error = Assert.Throws<InvalidDataException>(() => TiktokenFile.Read(WriteRanks($"{Base64("ab")} 256", $"{Base64("cd")} 256")));
        Assert.Equal("ranks.tiktoken:258: rank 256 repeats line 257", error.Message);
    }

    [Fact]
    public void A_missing_line_is_reported_where_the_ranks_jump()
    {
        var path = WriteRanks($"{Base64("ab")} 256", $"{Base64("abc")} 258");
        var error = Assert.Throws<InvalidDataException>(() => TiktokenFile.Read(path));
        Assert.Equal("ranks.tiktoken:258: rank 258 follows rank 256; rank 257 is missing (ranks must be 0, 1, 2, … in order)", error.Message);

        // Through the course tokenizer too, where special tokens are numbered after the ranks: the gap, not a
        // special token, is what the error names.
        error = Assert.Throws<InvalidDataException>(() => LlmWorkbook.Gpt.CourseGpt.LoadTokenizer(path));
        Assert.StartsWith("ranks.tiktoken:258: rank 258 follows rank 256", error.Message);
    }

    [Theory]
    [InlineData("500000000")]
    [InlineData("2147483647")]
    [InlineData("2097152")]
    public void A_rank_beyond_the_largest_vocabulary_is_rejected(string rank)
    {
        var error = Assert.Throws<InvalidDataException>(() => TiktokenFile.Read(WriteRanks($"{Base64("ab")} {rank}")));
        Assert.Equal($"ranks.tiktoken:257: rank {rank} is beyond the largest vocabulary this library reads (2,097,152 tokens)", error.Message);
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("-1")]
    [InlineData("12a")]
    [InlineData("")]
    public void A_rank_that_is_not_a_number_is_rejected(string rank)
    {
        var error = Assert.Throws<InvalidDataException>(() => TiktokenFile.Read(WriteRanks($"{Base64("ab")} {rank}")));
        Assert.Equal($"ranks.tiktoken:257: '{rank}' is not a rank (a whole number from 0 to 2097151)", error.Message);
    }

    [Fact]
    public void A_line_without_a_rank_is_rejected_outside_the_compact_form()
    {
        var error = Assert.Throws<InvalidDataException>(() => TiktokenFile.Read(WriteRanks(Base64("ab"))));
        Assert.Equal($"ranks.tiktoken:257: expected 'base64 rank', found '{Base64("ab")}'", error.Message);
    }

    [Fact]
    public void An_empty_token_is_rejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => TiktokenFile.Read(WriteRanks(" 256")));
        Assert.Equal("ranks.tiktoken:257: rank 256 is an empty token", error.Message);
    }

    [Fact]
    public void A_missing_single_byte_names_the_file()
    {
        var lines = Enumerable.Range(0, 256).Where(b => b != 10).Select((b, rank) => $"{Convert.ToBase64String([(byte)b])} {rank}");
        var path = Path.Combine(directory, "ranks.tiktoken");
        File.WriteAllLines(path, lines);
        var error = Assert.Throws<InvalidDataException>(() => TiktokenFile.Read(path));
        Assert.Equal("ranks.tiktoken: byte 0x0A has no rank; a byte-level BPE vocabulary needs all 256 single bytes", error.Message);
    }

    [Fact]
    public void A_stream_is_named_by_the_caller()
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes("YW*= 0\n"));
        var error = Assert.Throws<InvalidDataException>(() => ByteLevelBpeTokenizer.FromTiktoken(stream, SplitPatterns.Gpt4, sourceName: "cl100k_base.tiktoken"));
        Assert.StartsWith("cl100k_base.tiktoken:1: ", error.Message);
    }

    [Fact]
    public void Ml_tokenizers_loads_our_export_and_gives_identical_ids_on_the_corpus()
    {
        var (ours, theirs, text) = TrainedOnCorpus.Value;
        var sample = text[..50_000];
        Assert.Equal(theirs.EncodeToIds(sample), ours.Encode(sample));
        Assert.Equal(sample, theirs.Decode(ours.Encode(sample)));
    }

    [Fact]
    public void Ml_tokenizers_loads_our_export_and_gives_identical_ids_on_adversarial_unicode()
    {
        var (ours, theirs, _) = TrainedOnCorpus.Value;
        foreach (var text in ByteLevelBpeTokenizerTests.AdversarialTexts())
        {
            Assert.Equal(theirs.EncodeToIds(text), ours.Encode(text));
        }
    }
}

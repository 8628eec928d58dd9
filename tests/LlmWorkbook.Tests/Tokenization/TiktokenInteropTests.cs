using System.Text.RegularExpressions;
using LlmWorkbook.Tokenization;
using Microsoft.ML.Tokenizers;

namespace LlmWorkbook.Tests.Tokenization;

/// <summary>The proof that ours is real BPE: Microsoft.ML.Tokenizers, loading our exported ranks, gives the same ids.</summary>
public class TiktokenInteropTests
{
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
        foreach (var text in AdversarialTexts())
        {
            Assert.Equal(theirs.EncodeToIds(text), ours.Encode(text));
        }
    }

    [Fact]
    public void Our_encoder_with_cl100k_ranks_matches_ml_tokenizers_gpt4()
    {
        var ours = ProductionVocabularyTests.Cl100k.Value;
        var theirs = TiktokenTokenizer.CreateForModel("gpt-4");
        foreach (var text in AdversarialTexts().Where(t => !t.Contains("<|")).Append(CourseCorpus.LoadText(20_000)))
        {
            Assert.Equal(theirs.EncodeToIds(text), ours.Encode(text));
        }
    }

    [Fact]
    public void Our_encoder_with_o200k_ranks_matches_ml_tokenizers_gpt4o()
    {
        var ours = ProductionVocabularyTests.O200k.Value;
        var theirs = TiktokenTokenizer.CreateForModel("gpt-4o");
        foreach (var text in AdversarialTexts().Where(t => !t.Contains("<|")).Append(CourseCorpus.LoadText(20_000)))
        {
            Assert.Equal(theirs.EncodeToIds(text), ours.Encode(text));
        }
    }
}

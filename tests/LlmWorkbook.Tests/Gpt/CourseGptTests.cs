using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Gpt;

/// <summary>
/// Pins the shipped base model (data/gpt): its shape and storage, its tokenizer, its training log, its perplexity on
/// the held-out addresses and a greedy continuation. The goal of half the bigram model's perplexity is a benchmark
/// figure (./workbook bench gpt), not a test. Retraining with ./workbook train gpt changes these on purpose;
/// then update the figures here from the run's log.
/// </summary>
public sealed class CourseGptTests
{
    private const double ValidationPerplexity = 82.58;
    private const double UnseenPerplexity = 153.76;
    private const string GreedyPrompt = "The Congress";
    private const string GreedyContinuation = " to the Congress. The report of the Secretary of the Interior, and the Interior, and the Interior";

    private static string Committed(string path) => WorkbookPaths.CommittedData(path);

    [Fact]
    public void The_checkpoint_is_the_course_config_in_bf16_within_30_MB_and_holds_the_best_step_of_its_log()
    {
        var path = Committed(CourseGpt.CheckpointPath);
        Assert.InRange(new FileInfo(path).Length, 1, 30_000_000);
        var (entries, metadata) = SafeTensors.ReadHeader(path);
        Assert.All(entries, e => Assert.Equal("BF16", e.Dtype));
        using var model = GptCheckpoint.Load(path);
        Assert.Equal(CourseGpt.Config(CourseGpt.VocabSize), model.Config);

        var curve = LossCurveFile.Read(Committed(CourseGpt.LossCurvePath));
        Assert.Equal(Enumerable.Range(1, curve.Count), curve.Select(r => r.Point.Step));
        var best = curve.Where(r => r.Point.ValidationLoss is not null).MinBy(r => r.Point.ValidationLoss!.Value).Point;
        Assert.Equal(best.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), metadata["step"]);
        Assert.Contains($"kept step {best.Step} ", File.ReadAllText(Committed(CourseGpt.TrainingLogPath)));
    }

    [Fact]
    public void The_tokenizer_is_the_one_trained_on_the_pretraining_addresses()
    {
        var shipped = CourseGpt.LoadTokenizer(Committed(CourseGpt.TokenizerPath));
        var retrained = CourseGpt.TrainTokenizer();
        Assert.Equal(CourseGpt.VocabSize, shipped.VocabSize);
        Assert.Equal(retrained.Ranks.Select(r => (Convert.ToBase64String(r.Bytes), r.Rank)), shipped.Ranks.Select(r => (Convert.ToBase64String(r.Bytes), r.Rank)));
    }

    [Fact]
    public void Perplexity_on_held_out_addresses_is_pinned_and_below_the_bigram_models()
    {
        var tokenizer = CourseGpt.LoadTokenizer(Committed(CourseGpt.TokenizerPath));
        var split = CourseCorpus.Pretraining();
        var train = CourseGpt.Encode(tokenizer, split.Train);
        var validation = CourseGpt.Encode(tokenizer, split.Validation);
        using var model = GptCheckpoint.Load(Committed(CourseGpt.CheckpointPath));

        var (perplexity, bigram, _) = CourseGpt.Perplexities(model, train, validation);
        Assert.InRange(perplexity, ValidationPerplexity * 0.995, ValidationPerplexity * 1.005);
        Assert.True(perplexity < bigram, $"perplexity {perplexity:F2} should be below the bigram model's {bigram:F2}");

        var (unseen, unseenBigram, _) = CourseGpt.Perplexities(model, train, validation, CourseGpt.Encode(tokenizer, split.Unseen));
        Assert.InRange(unseen, UnseenPerplexity * 0.995, UnseenPerplexity * 1.005);
        Assert.True(unseen < unseenBigram, $"on 2001-2021 the model's {unseen:F2} should beat the bigram model's {unseenBigram:F2}");
    }

    [Fact]
    public void Greedy_decoding_continues_the_prompt_as_pinned()
    {
        var tokenizer = CourseGpt.LoadTokenizer(Committed(CourseGpt.TokenizerPath));
        using var model = GptCheckpoint.Load(Committed(CourseGpt.CheckpointPath));
        var continuation = GptGenerator.Generate(model, tokenizer.Encode(GreedyPrompt), 20, SamplingOptions.Greedy);
        Assert.Equal(20, continuation.Length);
        Assert.Equal(GreedyContinuation, tokenizer.Decode(continuation));
    }
}

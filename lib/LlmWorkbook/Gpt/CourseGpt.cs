using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Gpt;

/// <summary>
/// The course's own GPT: its shape and its two training settings. The full setting produced the shipped checkpoint;
/// the CI setting is the short run a notebook shows before it loads that checkpoint.
/// </summary>
public static class CourseGpt
{
    /// <summary>Where the shipped checkpoint lives, relative to data/.</summary>
    public const string CheckpointPath = "gpt/course-gpt.safetensors";

    /// <summary>The tokenizer the checkpoint was trained with (tiktoken ranks; special tokens follow the ranks).</summary>
    public const string TokenizerPath = "gpt/course-gpt.tiktoken";

    /// <summary>
    /// The shipped checkpoint's goal: its validation perplexity is at least this many percent below the bigram
    /// baseline's (<see cref="Perplexities"/>). Notebook 04 asserts it and the gpt benchmark reports it.
    /// </summary>
    public const double PerplexityReductionGoalPercent = 30;

    /// <summary>Tokens in the course tokenizer, including its special tokens.</summary>
    public const int VocabSize = 4096;

    /// <summary>
    /// 4 blocks of width 256 over a 256-token context: about 4.3 M parameters with a 4,096-token vocabulary (17 MB as
    /// F32). Its matmuls are large enough to keep 2 CPU cores busy.
    /// </summary>
    public static GptConfig Config(int vocabSize) =>
        new(vocabSize, ContextLength: 256, Layers: 4, Heads: 4, EmbeddingDim: 256, Dropout: 0.1, Bias: true);

    /// <summary>
    /// 1,200 steps of 16 × 256 tokens: about 4.9 M tokens, 18 passes over the corpus's training split. The training
    /// program keeps the weights with the lowest validation loss, so the late passes cannot make the result worse.
    /// </summary>
    public static TrainingConfig FullTraining { get; } = new(
        Steps: 1200, BatchSize: 16, LearningRate: 2e-3, MinLearningRate: 1e-4, WarmupSteps: 100,
        WeightDecay: 0.1, GradientClip: 1.0, EvalInterval: 100, EvalBatches: 8, Seed: 1337);

    public static TrainingConfig CiTraining { get; } = FullTraining with { Steps = 40, BatchSize = 4, WarmupSteps = 10, EvalInterval = 20, EvalBatches = 2 };

    /// <summary>The Part I byte-level BPE trained on the whole course corpus (deterministic).</summary>
    public static ByteLevelBpeTokenizer TrainTokenizer() => new BpeTrainer(new BpeTrainerConfig(VocabSize)).Train(CourseCorpus.LoadText());

    /// <summary>The tokenizer saved next to the shipped checkpoint.</summary>
    public static ByteLevelBpeTokenizer LoadTokenizer(string path)
    {
        var ranks = TiktokenFile.Read(path);
        var specials = BpeTrainerConfig.DefaultSpecialTokens.Select((t, i) => KeyValuePair.Create(t, ranks.Count + i)).ToDictionary();
        return new ByteLevelBpeTokenizer(ranks, SplitPatterns.Gpt4, specials);
    }

    /// <summary>Every address of the corpus, encoded, each followed by &lt;|endoftext|&gt;.</summary>
    public static int[] EncodeCorpus(ByteLevelBpeTokenizer tokenizer)
    {
        var endOfText = tokenizer.SpecialTokenId(ChatTemplate.EndOfText);
        return CourseCorpus.LoadAddresses().SelectMany(a => tokenizer.Encode(a.Text).Append(endOfText)).ToArray();
    }

    /// <summary>Train on the first 90% of the corpus tokens, validate on the last 10% (the end of Taft's 1912 address).</summary>
    public static (int[] Train, int[] Validation) Split(int[] tokens) => TokenBatches.Split(tokens, 0.1);

    /// <summary>
    /// Perplexity of the model and of the bigram baseline on the same validation tokens. The bigram model is fit on
    /// the training tokens, with its smoothing picked on the validation tokens (its best case).
    /// </summary>
    public static (double Model, double Bigram, double BigramAlpha) Perplexities(GptModel model, int[] train, int[] validation)
    {
        var modelPerplexity = GptTrainer.Perplexity(model, validation);
        var bigram = new[] { 0.1, 0.3, 1, 3, 10, 30, 100 }
            .Select(alpha => (Alpha: alpha, Perplexity: new BigramModel(model.Config.VocabSize, train, alpha).Perplexity(validation)))
            .MinBy(r => r.Perplexity);
        return (modelPerplexity, bigram.Perplexity, bigram.Alpha);
    }
}

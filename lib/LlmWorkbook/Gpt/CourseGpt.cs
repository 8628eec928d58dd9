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

    /// <summary>The shipped run's loss curve, relative to data/: step, train_loss, learning_rate, validation_loss, seconds.</summary>
    public const string LossCurvePath = "gpt/course-gpt-training.csv";

    /// <summary>The shipped run's log, relative to data/: what ./workbook train gpt printed.</summary>
    public const string TrainingLogPath = "gpt/course-gpt-training.log";

    /// <summary>
    /// The shipped checkpoint's goal: its perplexity on the validation addresses is at most this fraction of the bigram
    /// baseline's (<see cref="Perplexities"/>). Notebook 04 asserts it and the gpt benchmark reports it.
    /// </summary>
    public const double PerplexityRatioGoal = 0.5;

    /// <summary>Tokens in the course tokenizer, including its special tokens.</summary>
    public const int VocabSize = 8192;

    /// <summary>
    /// 6 blocks of width 256 (4 heads of 64) over a 512-token context: about 6.9 M parameters with the 8,192-token
    /// vocabulary, whose embedding doubles as the output layer (14 MB as BF16). 512 tokens leave the assistant room for
    /// a question and retrieved passages.
    /// </summary>
    public static GptConfig Config(int vocabSize) =>
        new(vocabSize, ContextLength: 512, Layers: 6, Heads: 4, EmbeddingDim: 256, Dropout: 0.1, Bias: true);

    /// <summary>
    /// 2,400 steps of 8 × 512 tokens: about 9.8 M tokens, four passes over the training addresses. The training program
    /// keeps the weights with the lowest validation loss and stops early once it stops improving.
    /// </summary>
    public static TrainingConfig FullTraining { get; } = new(
        Steps: 2400, BatchSize: 8, LearningRate: 1.5e-3, MinLearningRate: 1e-4, WarmupSteps: 150,
        WeightDecay: 0.1, GradientClip: 1.0, EvalInterval: 200, EvalBatches: 8, Seed: 1337);

    /// <summary>The short run notebook 04 shows in CI: 30 steps of 2 × 512 tokens, about 15 seconds on 2 cores.</summary>
    public static TrainingConfig CiTraining { get; } = FullTraining with { Steps = 30, BatchSize = 2, WarmupSteps = 10, EvalInterval = 10, EvalBatches = 2 };

    /// <summary>The Part I byte-level BPE trained on the base model's training addresses (deterministic).</summary>
    public static ByteLevelBpeTokenizer TrainTokenizer()
        => new BpeTrainer(new BpeTrainerConfig(VocabSize)).Train(CourseCorpus.Join(CourseCorpus.Pretraining().Train));

    /// <summary>The tokenizer saved next to the shipped checkpoint.</summary>
    public static ByteLevelBpeTokenizer LoadTokenizer(string path)
    {
        var ranks = TiktokenFile.Read(path);
        var specials = BpeTrainerConfig.DefaultSpecialTokens.Select((t, i) => KeyValuePair.Create(t, ranks.Count + i)).ToDictionary();
        return new ByteLevelBpeTokenizer(ranks, SplitPatterns.Gpt4, specials);
    }

    /// <summary>The addresses encoded one after another, each followed by &lt;|endoftext|&gt;.</summary>
    public static int[] Encode(ByteLevelBpeTokenizer tokenizer, IEnumerable<CourseCorpus.Address> addresses)
    {
        var endOfText = tokenizer.SpecialTokenId(ChatTemplate.EndOfText);
        return addresses.SelectMany(a => tokenizer.Encode(a.Text).Append(endOfText)).ToArray();
    }

    /// <summary>
    /// Perplexity of the model and of the bigram baseline on the same held-out tokens. The bigram model is fit on
    /// the training tokens, with its smoothing picked on the validation tokens (its best case); <paramref name="heldOut"/>
    /// is scored with that same smoothing.
    /// </summary>
    public static (double Model, double Bigram, double BigramAlpha) Perplexities(GptModel model, int[] train, int[] validation, int[]? heldOut = null)
    {
        var counts = new BigramModel(model.Config.VocabSize, train);
        var bigram = new[] { 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000 }.Select(counts.WithAlpha).MinBy(b => b.Perplexity(validation))!;
        var scored = heldOut ?? validation;
        return (GptTrainer.Perplexity(model, scored), bigram.Perplexity(scored), bigram.Alpha);
    }
}

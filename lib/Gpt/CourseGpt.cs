namespace LlmWorkbook.Gpt;

/// <summary>
/// The course's own GPT: its shape and its two training settings. The full setting produced the shipped checkpoint;
/// the CI setting is the short run a notebook shows before it loads that checkpoint.
/// </summary>
public static class CourseGpt
{
    /// <summary>Where the shipped checkpoint lives, relative to data/.</summary>
    public const string CheckpointPath = "gpt/course-gpt.safetensors";

    /// <summary>
    /// 4 blocks of width 256 over a 256-token context: about 4.3 M parameters with a 4,096-token vocabulary (17 MB as
    /// F32). Its matmuls are large enough to keep 2 CPU cores busy and it trains in well under an hour.
    /// </summary>
    public static GptConfig Config(int vocabSize) =>
        new(vocabSize, ContextLength: 256, Layers: 4, Heads: 4, EmbeddingDim: 256, Dropout: 0.1, Bias: true);

    public static TrainingConfig FullTraining { get; } = new(
        Steps: 3000, BatchSize: 16, LearningRate: 1e-3, MinLearningRate: 1e-4, WarmupSteps: 100,
        WeightDecay: 0.1, GradientClip: 1.0, EvalInterval: 250, EvalBatches: 16, Seed: 1337);

    public static TrainingConfig CiTraining { get; } = FullTraining with { Steps = 40, BatchSize = 4, WarmupSteps = 10, EvalInterval = 20, EvalBatches = 2 };
}

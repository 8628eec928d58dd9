using LlmWorkbook.Gpt;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// The course assistant: the course GPT (<see cref="CourseGpt"/>, same shape and tokenizer) fine-tuned on the
/// course's instruction conversations with <see cref="SftTrainer"/>. Its two training settings mirror the base
/// model's: the full setting is the one for the checkpoint at <see cref="CheckpointPath"/>, the CI setting a short run
/// a notebook can show.
/// </summary>
public static class CourseAssistant
{
    /// <summary>Where the fine-tuned checkpoint lives, relative to data/.</summary>
    public const string CheckpointPath = "assistant/course-assistant.safetensors";

    /// <summary>
    /// 600 steps of 8 rows of 513 tokens, from the base model's weights: a tenth of pretraining's peak learning rate
    /// (1.5e-4, decaying to 1.5e-5), since fine-tuning adjusts a trained model rather than building one; evaluation on
    /// held-out conversations every 50 steps, keeping the best weights.
    /// </summary>
    public static TrainingConfig FullTraining { get; } = new(
        Steps: 600, BatchSize: 8, LearningRate: 1.5e-4, MinLearningRate: 1.5e-5, WarmupSteps: 30,
        WeightDecay: 0.1, GradientClip: 1.0, EvalInterval: 50, EvalBatches: 8, Seed: 1337);

    /// <summary>The short run a notebook shows in CI: 20 steps of 2 rows, evaluated every 10.</summary>
    public static TrainingConfig CiTraining { get; } = FullTraining with { Steps = 20, BatchSize = 2, WarmupSteps = 5, EvalInterval = 10, EvalBatches = 2 };
}

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

    /// <summary>The training log, relative to data/.</summary>
    public const string TrainingLogPath = "assistant/course-assistant-training.log";

    /// <summary>The loss curve of the shipped run (<see cref="LossCurveFile"/>), relative to data/.</summary>
    public const string LossCurvePath = "assistant/course-assistant-training.csv";

    /// <summary>Every this-many-th generated example (from the first) is held out to validate on.</summary>
    public const int ValidationEvery = 50;

    /// <summary>
    /// 1,200 steps of 8 rows of 513 tokens (about 0.8 of an epoch of the instruction data), from the base model's
    /// weights: a fifth of pretraining's peak learning rate (3e-4, decaying to 3e-5), since fine-tuning adjusts a
    /// trained model rather than building one; evaluation on held-out conversations every 50 steps, keeping the best
    /// weights.
    /// </summary>
    public static TrainingConfig FullTraining { get; } = new(
        Steps: 1200, BatchSize: 8, LearningRate: 3e-4, MinLearningRate: 3e-5, WarmupSteps: 50,
        WeightDecay: 0.1, GradientClip: 1.0, EvalInterval: 50, EvalBatches: 8, Seed: 1337);

    /// <summary>The short run a notebook shows in CI: 20 steps of 2 rows, evaluated every 10.</summary>
    public static TrainingConfig CiTraining { get; } = FullTraining with { Steps = 20, BatchSize = 2, WarmupSteps = 5, EvalInterval = 10, EvalBatches = 2 };

    /// <summary>
    /// The conversations to train and validate on: every handwritten example and the generated ones trained on;
    /// every <see cref="ValidationEvery"/>-th generated example (a fixed 2%, all tasks in their shares) validated on.
    /// </summary>
    public static (IReadOnlyList<InstructionExample> Train, IReadOnlyList<InstructionExample> Validation) TrainingData()
    {
        var generated = InstructionData.Generated();
        var validation = generated.Where((_, i) => i % ValidationEvery == 0).ToList();
        var train = InstructionData.Handwritten().Concat(generated.Where((_, i) => i % ValidationEvery != 0)).ToList();
        return (train, validation);
    }

    /// <summary>Packs conversations for the course model's context (<see cref="SftEncoder"/>, then <see cref="PackedConversations.Pack"/>).</summary>
    public static PackedConversations Pack(SftEncoder encoder, IEnumerable<InstructionExample> examples, int contextLength, int seed)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(examples);
        var encoded = encoder.EncodeAll(examples.Select(e => (IReadOnlyList<Microsoft.Extensions.AI.ChatMessage>)e.ToChatMessages().ToList()));
        return PackedConversations.Pack(encoded, contextLength, encoder.EndOfTextId, seed);
    }
}

namespace LlmWorkbook.Gpt;

/// <summary>How to train. Learning rate: linear warm-up to LearningRate, then cosine decay to MinLearningRate.</summary>
public sealed record TrainingConfig(
    int Steps = 2000,
    int BatchSize = 16,
    double LearningRate = 1e-3,
    double MinLearningRate = 1e-4,
    int WarmupSteps = 100,
    double WeightDecay = 0.1,
    double Beta1 = 0.9,
    double Beta2 = 0.95,
    double GradientClip = 1.0,
    int EvalInterval = 200,
    int EvalBatches = 8,
    int Seed = 1337);

namespace LlmWorkbook.Gpt;

/// <summary>One point of the loss history. ValidationLoss is set on evaluation steps only.</summary>
public sealed record LossPoint(int Step, double TrainLoss, double LearningRate, double? ValidationLoss);

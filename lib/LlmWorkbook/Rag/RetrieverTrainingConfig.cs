using LlmWorkbook.Gpt;

namespace LlmWorkbook.Rag;

/// <summary>
/// How to train a retriever: the encoder's shape, whether it starts from the course GPT's token embeddings and first
/// blocks or from random weights, the pairs, the optimisation (AdamW with warm-up and cosine decay, as the GPT's), and
/// the contrastive loss's temperature.
/// </summary>
/// <param name="Model">The bi-encoder's shape.</param>
/// <param name="FromCourseGpt">Start from the shipped course GPT (data/gpt) rather than from random weights.</param>
/// <param name="Pairs">Which training pairs to make.</param>
/// <param name="Training">Steps, batch size (the in-batch negatives are the batch's other passages), schedule, seed.</param>
/// <param name="Temperature">τ of <see cref="ContrastiveLoss.InBatch"/>.</param>
public sealed record RetrieverTrainingConfig(
    BiEncoderConfig Model,
    bool FromCourseGpt,
    RetrievalPairConfig Pairs,
    TrainingConfig Training,
    double Temperature = 0.05);

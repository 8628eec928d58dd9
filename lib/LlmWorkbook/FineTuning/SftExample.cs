namespace LlmWorkbook.FineTuning;

/// <summary>
/// One conversation encoded for supervised fine-tuning: its token ids and, for each token, whether the model is trained
/// to predict it. Made by <see cref="SftEncoder"/>; packed into training rows by <see cref="PackedConversations"/>.
/// </summary>
public sealed class SftExample
{
    /// <param name="tokens">The conversation's token ids.</param>
    /// <param name="trained">One flag per token: true where the loss counts the prediction of that token.</param>
    public SftExample(IReadOnlyList<int> tokens, IReadOnlyList<bool> trained)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(trained);
        if (tokens.Count != trained.Count)
        {
            throw new ArgumentException($"{tokens.Count} tokens but {trained.Count} trained flags; give one flag per token", nameof(trained));
        }
        Tokens = tokens.ToArray();
        Trained = trained.ToArray();
        TrainedCount = Trained.Count(t => t);
    }

    /// <summary>The token ids, in order.</summary>
    public IReadOnlyList<int> Tokens { get; }

    /// <summary>Whether each token is a training target (the loss counts its prediction).</summary>
    public IReadOnlyList<bool> Trained { get; }

    /// <summary>The number of tokens.</summary>
    public int Length => Tokens.Count;

    /// <summary>The number of trained tokens.</summary>
    public int TrainedCount { get; }
}

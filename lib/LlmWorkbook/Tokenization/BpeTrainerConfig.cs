namespace LlmWorkbook.Tokenization;

/// <summary>Settings of a BPE training run.</summary>
/// <param name="VocabSize">Total ids, special tokens included: 256 byte tokens + merges + special tokens.</param>
/// <param name="SplitPattern">Pre-tokenization regex; merges never cross a chunk boundary.</param>
/// <param name="SpecialTokens">Special tokens, given ids after the last merge; null means <see cref="DefaultSpecialTokens"/>.</param>
public sealed record BpeTrainerConfig(int VocabSize, string SplitPattern = SplitPatterns.Gpt4, IReadOnlyList<string>? SpecialTokens = null)
{
    /// <summary>End of document plus the two ChatML markers the course's chat format needs (see <see cref="ChatTemplate"/>).</summary>
    public static readonly IReadOnlyList<string> DefaultSpecialTokens = [ChatTemplate.EndOfText, ChatTemplate.ImStart, ChatTemplate.ImEnd];
}

using LlmWorkbook.FineTuning;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.FineTuning;

/// <summary>Conversations built in code, a tiny BPE trained on them, and a tiny GPT sized for it.</summary>
internal static class SftFixtures
{
    internal static readonly ChatMessage[][] Conversations =
    [
        [new(ChatRole.User, "What is the capital of France?"), new(ChatRole.Assistant, "Paris.")],
        [new(ChatRole.System, "Answer with one word."), new(ChatRole.User, "Is the sky blue?"), new(ChatRole.Assistant, "Yes.")],
        [new(ChatRole.User, "Name a color."), new(ChatRole.Assistant, "Red.")],
        [new(ChatRole.User, "What is two plus two?"), new(ChatRole.Assistant, "Four.")],
    ];

    internal static readonly Lazy<ByteLevelBpeTokenizer> Tokenizer = new(() =>
        new BpeTrainer(new BpeTrainerConfig(320)).Train(string.Join("\n", Conversations.SelectMany(c => c).Select(m => $"{m.Role.Value}\n{m.Text}"))));

    internal static GptConfig TinyConfig(int contextLength = 48) =>
        new(Tokenizer.Value.VocabSize, ContextLength: contextLength, Layers: 2, Heads: 2, EmbeddingDim: 32);

    /// <summary>The conversations repeated <paramref name="copies"/> times, encoded and packed.</summary>
    internal static PackedConversations Packed(int copies, int contextLength = 48, int seed = 1)
    {
        var encoder = new SftEncoder(Tokenizer.Value);
        var examples = encoder.EncodeAll(Enumerable.Repeat(Conversations, copies).SelectMany(c => c));
        return PackedConversations.Pack(examples, contextLength, encoder.EndOfTextId, seed);
    }
}

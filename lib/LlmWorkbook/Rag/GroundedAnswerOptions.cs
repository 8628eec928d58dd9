using Microsoft.Extensions.AI;

namespace LlmWorkbook.Rag;

/// <summary>How <see cref="GroundedAnswerer"/> retrieves and reads.</summary>
/// <param name="Sources">Chunks retrieved and given to the reader, best first.</param>
/// <param name="MinScore">
/// The retriever's score the best chunk must reach; below it (or with no chunk at all) the answer is "not in the corpus"
/// without asking the reader. Scores depend on the retriever (BM25 is unbounded, cosine at most 1, a reranker's
/// log-likelihood negative); the default, negative infinity, lets everything through.
/// </param>
/// <param name="CopyFromSources">
/// Constrain the course model's reply to a span of the sources (<see cref="Chat.CourseChatClient.CopyFromKey"/>);
/// its citation is then the source the span comes from. A hosted model ignores it.
/// </param>
/// <param name="Chat">Options for every request (e.g. Temperature 0 for greedy answers).</param>
/// <param name="MaxSourceWords">
/// The most words of sources the reader gets (a model's context window is finite: the course model's is 512 tokens):
/// sources are taken best first while they fit, and a first source longer than this is cut to it. For the course
/// model the prompt is then also fitted to its window in tokens (see <see cref="GroundedAnswerer.WithChat"/>).
/// </param>
public sealed record GroundedAnswerOptions(int Sources = 3, double MinScore = double.NegativeInfinity, bool CopyFromSources = false, ChatOptions? Chat = null, int MaxSourceWords = 160);

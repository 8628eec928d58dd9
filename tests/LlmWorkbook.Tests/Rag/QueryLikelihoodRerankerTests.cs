using LlmWorkbook.Gpt;
using LlmWorkbook.Rag;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Rag;

public sealed class QueryLikelihoodRerankerTests
{
    private static readonly LlmWorkbook.Tokenization.ByteLevelBpeTokenizer Tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));

    private static GptModel Model(int contextLength = 128) =>
        new(new GptConfig(Tokenizer.VocabSize, ContextLength: contextLength, Layers: 2, Heads: 2, EmbeddingDim: 32), seed: 5);

    private static double ByHand(GptModel model, string passage, string query)
    {
        var prefix = Tokenizer.Encode(passage + QueryLikelihoodReranker.QueryPrompt);
        var tokens = prefix.Concat(Tokenizer.Encode(query)).Select(t => (long)t).ToArray();
        model.eval();
        using var _ = no_grad();
        using var logits = model.forward(tensor(tokens[..^1], [1, tokens.Length - 1]));
        using var logProbs = nn.functional.log_softmax(logits, dim: -1);
        var total = 0.0;
        for (var t = prefix.Count; t < tokens.Length; t++)
        {
            total += logProbs[0, t - 1, tokens[t]].item<float>();
        }
        return total;
    }

    [Fact]
    public void Batched_log_likelihoods_equal_one_sequence_at_a_time_by_hand()
    {
        using var model = Model();
        var passages = new[] { "The navy has grown.", "Customs receipts rose by a third in the year just ended.", "Peace." };
        var reranker = new QueryLikelihoodReranker(model, Tokenizer, batchSize: 2);

        var scores = reranker.LogLikelihoods("What rose?", passages);

        for (var i = 0; i < passages.Length; i++)
        {
            Assert.Equal(ByHand(model, passages[i], "What rose?"), scores[i], 4);
        }
    }

    [Fact]
    public void A_passage_too_long_for_the_context_loses_its_beginning()
    {
        using var model = Model(contextLength: 32);
        var reranker = new QueryLikelihoodReranker(model, Tokenizer);
        var tail = "the ships guard the coast";
        var query = "What guards the coast?";
        var fits = 32 + 1 - Tokenizer.Encode(query).Count - Tokenizer.Encode(tail + QueryLikelihoodReranker.QueryPrompt).Count;
        var longPassage = string.Concat(Enumerable.Repeat("war and peace ", 40)) + tail;

        var score = reranker.LogLikelihoods(query, [longPassage]).Single();

        Assert.True(fits >= 0);
        Assert.True(double.IsFinite(score) && score < 0);
    }

    [Fact]
    public void Reranking_orders_candidates_by_log_likelihood()
    {
        using var model = Model();
        var reranker = new QueryLikelihoodReranker(model, Tokenizer);
        var candidates = new[] { "a", "b b b", "c c" }
            .Select((text, i) => new RetrievedChunk(new Chunk($"c{i}", 1900, "P", "R", 0, 0, text), 1.0 / (i + 1))).ToList();

        var reranked = reranker.Rerank("b?", candidates, top: 2);
        var scores = reranker.LogLikelihoods("b?", candidates.Select(c => c.Chunk.Text).ToList());

        Assert.Equal(2, reranked.Count);
        Assert.Equal(scores.Max(), reranked[0].Score, 10);
        Assert.True(reranked[0].Score >= reranked[1].Score);
        Assert.Throws<ArgumentException>(() => reranker.LogLikelihoods(" ", ["a"]));
    }
}

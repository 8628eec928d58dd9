using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;
using static TorchSharp.torch;

namespace LlmWorkbook.Rag;

/// <summary>
/// Reranks retrieved chunks by how likely a language model finds the query after the chunk: the sum over the query's
/// tokens of log p(token | chunk, prompt, earlier query tokens) (the query-likelihood model of information retrieval,
/// with a neural language model as in Sachan et al., 2022, "Improving passage retrieval with zero-shot question
/// generation"). The query is the same for every candidate, so the sum ranks as the mean would.
/// </summary>
public sealed class QueryLikelihoodReranker
{
    /// <summary>What comes between the chunk and the query.</summary>
    public const string QueryPrompt = "\n\nA question this passage answers: ";

    private readonly GptModel _model;
    private readonly ByteLevelBpeTokenizer _tokenizer;

    /// <param name="model">The language model (the course base model or the assistant); not disposed here.</param>
    /// <param name="tokenizer">Its tokenizer.</param>
    /// <param name="batchSize">Candidates scored in one forward pass.</param>
    public QueryLikelihoodReranker(GptModel model, ByteLevelBpeTokenizer tokenizer, int batchSize = 8)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        (_model, _tokenizer, BatchSize) = (model, tokenizer, batchSize);
    }

    /// <summary>Candidates scored in one forward pass.</summary>
    public int BatchSize { get; }

    /// <summary>The candidates ordered by <see cref="LogLikelihoods"/>, best first (ties keep their order), at most <paramref name="top"/>; each score is the log-likelihood.</summary>
    public IReadOnlyList<RetrievedChunk> Rerank(string query, IReadOnlyList<RetrievedChunk> candidates, int top)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var scores = LogLikelihoods(query, candidates.Select(c => c.Chunk.Text).ToList());
        return candidates.Select((c, i) => (Hit: new RetrievedChunk(c.Chunk, scores[i]), Index: i))
            .OrderByDescending(s => s.Hit.Score).ThenBy(s => s.Index).Take(top).Select(s => s.Hit).ToList();
    }

    /// <summary>
    /// log p(query | passage) for each passage, in nats. A passage too long for the model's context with the query loses
    /// its beginning.
    /// </summary>
    public double[] LogLikelihoods(string query, IReadOnlyList<string> passages)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentNullException.ThrowIfNull(passages);
        var queryTokens = _tokenizer.Encode(query);
        var contextLength = _model.Config.ContextLength;
        if (queryTokens.Count + 1 >= contextLength)
        {
            throw new ArgumentException($"the query has {queryTokens.Count} tokens; the model reads at most {contextLength}", nameof(query));
        }
        var sequences = passages.Select(p =>
        {
            var prefix = _tokenizer.Encode((p ?? throw new ArgumentException("a passage is null", nameof(passages))) + QueryPrompt);
            var keep = Math.Min(prefix.Count, contextLength + 1 - queryTokens.Count);
            return (Prefix: keep, Tokens: prefix.Skip(prefix.Count - keep).Concat(queryTokens).ToArray());
        }).ToList();

        var result = new double[passages.Count];
        var wasTraining = _model.training;
        _model.eval();
        try
        {
            using var _ = no_grad();
            for (var start = 0; start < sequences.Count; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = sequences.Skip(start).Take(BatchSize).ToList();
                var width = batch.Max(s => s.Tokens.Length) - 1;
                var inputs = new long[batch.Count * width];
                for (var b = 0; b < batch.Count; b++)
                {
                    for (var t = 0; t < batch[b].Tokens.Length - 1; t++)
                    {
                        inputs[b * width + t] = batch[b].Tokens[t];
                    }
                }
                var logProbs = nn.functional.log_softmax(_model.forward(tensor(inputs, [batch.Count, width])), dim: -1);
                // Position t predicts token t + 1: the query's tokens are predicted from positions Prefix − 1 on.
                var rows = new List<long>();
                var columns = new List<long>();
                var targets = new List<long>();
                var owners = new List<int>();
                for (var b = 0; b < batch.Count; b++)
                {
                    for (var q = 0; q < queryTokens.Count; q++)
                    {
                        rows.Add(b);
                        columns.Add(batch[b].Prefix - 1 + q);
                        targets.Add(queryTokens[q]);
                        owners.Add(b);
                    }
                }
                var picked = logProbs.index(tensor(rows.ToArray()), tensor(columns.ToArray()), tensor(targets.ToArray())).to_type(ScalarType.Float64).data<double>().ToArray();
                for (var i = 0; i < picked.Length; i++)
                {
                    result[start + owners[i]] += picked[i];
                }
            }
        }
        finally
        {
            _model.train(wasTraining);
        }
        return result;
    }
}

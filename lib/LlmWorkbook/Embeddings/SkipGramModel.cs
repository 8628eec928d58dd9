using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmWorkbook.Embeddings;

/// <summary>
/// Skip-gram with negative sampling (Mikolov et al., 2013): two embedding tables, one for a word as the centre and
/// one for a word as context. A true (centre, context) pair should score a high dot product, a centre word and
/// randomly drawn "negative" words a low one:
///   loss = −log σ(u_c · v_o) − Σ_k log σ(−u_c · v_k)
/// The centre table is the word embedding we keep.
/// </summary>
public sealed class SkipGramModel : nn.Module
{
    private readonly Embedding centre;
    private readonly Embedding context;

    public SkipGramModel(int vocabularySize, int dimension) : base(nameof(SkipGramModel))
    {
        centre = nn.Embedding(vocabularySize, dimension);
        context = nn.Embedding(vocabularySize, dimension);
        RegisterComponents();
        using (no_grad())
        {
            // word2vec's initialisation: small random centre vectors, zero context vectors.
            centre.weight!.uniform_(-0.5 / dimension, 0.5 / dimension);
            context.weight!.zero_();
        }
    }

    public Tensor CentreWeights => centre.weight!;

    public Tensor ContextWeights => context.weight!;

    /// <param name="centres">[B] centre word ids.</param>
    /// <param name="contexts">[B] ids of words seen next to them.</param>
    /// <param name="negatives">[B, K] ids drawn from the noise distribution.</param>
    /// <returns>The mean loss over the batch (a scalar).</returns>
    public Tensor Loss(Tensor centres, Tensor contexts, Tensor negatives)
    {
        var u = centre.call(centres);                              // [B, D]
        var v = context.call(contexts);                            // [B, D]
        var n = context.call(negatives);                           // [B, K, D]
        var positive = (u * v).sum(-1);                            // [B]
        var negative = bmm(n, u.unsqueeze(-1)).squeeze(-1);        // [B, K]
        var perPair = nn.functional.logsigmoid(positive) + nn.functional.logsigmoid(-negative).sum(-1);
        return -perPair.mean();
    }
}

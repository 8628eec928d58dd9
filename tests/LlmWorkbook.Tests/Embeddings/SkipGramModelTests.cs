using LlmWorkbook.Embeddings;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Embeddings;

[Collection(TorchGlobalGenerator.Name)]
public sealed class SkipGramModelTests
{
    private static readonly long[] Centres = [3, 0, 9, 3];
    private static readonly long[] Contexts = [1, 2, 3, 4];
    private static readonly long[] Negatives = [5, 6, 7, 8, 0, 1, 2, 9]; // (4, 2)

    [Fact]
    public void A_fresh_model_scores_every_pair_zero()
    {
        // word2vec starts the context table at zero: every dot product is 0, σ(0) = ½, so each pair costs
        // −log ½ for the true context and for each of its 2 negatives.
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = new SkipGramModel(vocabularySize: 10, dimension: 4);
        var loss = model.Loss(tensor(Centres), tensor(Contexts), tensor(Negatives, new long[] { 4, 2 }));
        Assert.Equal(3 * Math.Log(2), loss.item<float>(), 5);
        Assert.True(model.CentreWeights.abs().max().item<float>() > 0, "the centre table starts random, not zero");
    }

    [Fact]
    public void Loss_is_the_negative_sampling_objective_with_lookups_as_one_hot_products()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = new SkipGramModel(vocabularySize: 10, dimension: 4);
        using (no_grad())
        {
            model.CentreWeights.normal_();
            model.ContextWeights.normal_();
        }
        var centres = tensor(Centres);
        var contexts = tensor(Contexts);
        var negatives = tensor(Negatives, new long[] { 4, 2 });

        // An embedding lookup is a one-hot row times the table.
        Tensor Lookup(Tensor ids, Tensor table) => nn.functional.one_hot(ids, 10).to_type(ScalarType.Float32).matmul(table);
        var u = Lookup(centres, model.CentreWeights);                  // [B, D]
        var v = Lookup(contexts, model.ContextWeights);                // [B, D]
        var n = Lookup(negatives, model.ContextWeights);               // [B, K, D]
        var positive = (u * v).sum(-1);                                // [B]
        var negative = (n * u.unsqueeze(1)).sum(-1);                   // [B, K]
        var expected = -(positive.sigmoid().log() + (-negative).sigmoid().log().sum(-1)).mean();

        var loss = model.Loss(centres, contexts, negatives);
        Assert.Equal(expected.item<float>(), loss.item<float>(), 5);
        Assert.NotEqual(3 * Math.Log(2), loss.item<float>(), 2);
    }
}

using LlmWorkbook.Rag;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Rag;

public sealed class ContrastiveLossTests
{
    /// <summary>
    /// q1 = (1, 0), q2 = (0, 1); p1 = (1, 0), p2 = (0.6, 0.8); τ = 0.5. The logits q·pᵀ/τ are [[2, 1.2], [0, 1.6]].
    /// Row 1: −log(e² / (e² + e^1.2)) = ln(1 + e^−0.8) = ln(1.449329) = 0.3711007.
    /// Row 2: −log(e^1.6 / (e⁰ + e^1.6)) = ln(1 + e^−1.6) = ln(1.201897) = 0.1839007.
    /// The mean: 0.2775007.
    /// </summary>
    [Fact]
    public void A_two_by_two_batch_gives_the_loss_worked_out_by_hand()
    {
        using var queries = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var passages = tensor(new float[] { 1, 0, 0.6f, 0.8f }, [2, 2]);
        using var loss = ContrastiveLoss.InBatch(queries, passages, temperature: 0.5);
        Assert.Equal(0.2775007, loss.item<float>(), 1e-6);
    }

    [Fact]
    public void Swapping_the_passages_makes_the_loss_larger()
    {
        using var queries = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var passages = tensor(new float[] { 0.6f, 0.8f, 1, 0 }, [2, 2]);
        using var loss = ContrastiveLoss.InBatch(queries, passages, temperature: 0.5);
        // Row 1: logits (1.2, 2), target the first: ln(1 + e^0.8) = 1.1711007; row 2: logits (1.6, 0): ln(1 + e^1.6) = 1.7839007.
        Assert.Equal((1.1711007 + 1.7839007) / 2, loss.item<float>(), 1e-6);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        using var a = ones(2, 3);
        using var b = ones(3, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => ContrastiveLoss.InBatch(a, a, 0));
        Assert.Throws<ArgumentException>(() => ContrastiveLoss.InBatch(a, b, 0.1));
        Assert.Throws<ArgumentNullException>(() => ContrastiveLoss.InBatch(null!, a, 0.1));
    }
}

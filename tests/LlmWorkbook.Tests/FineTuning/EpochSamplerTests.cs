using LlmWorkbook.FineTuning;

namespace LlmWorkbook.Tests.FineTuning;

public sealed class EpochSamplerTests
{
    [Fact]
    public void Each_epoch_draws_every_row_once_in_a_new_order()
    {
        var sampler = new EpochSampler(10, seed: 3);

        var first = sampler.Next(4).Concat(sampler.Next(4)).Concat(sampler.Next(2)).ToArray();
        Assert.Equal(1, sampler.Epoch);
        var second = sampler.Next(10);

        Assert.Equal(Enumerable.Range(0, 10), first.Order());
        Assert.Equal(Enumerable.Range(0, 10), second.Order());
        Assert.NotEqual(first, second);
        Assert.NotEqual(Enumerable.Range(0, 10), first);
        Assert.Equal(2, sampler.Epoch);
    }

    [Fact]
    public void A_batch_at_the_end_of_an_epoch_continues_into_the_next()
    {
        var sampler = new EpochSampler(5, seed: 1);

        var a = sampler.Next(3);
        var b = sampler.Next(3);
        var c = sampler.Next(4);

        Assert.Equal(Enumerable.Range(0, 5), a.Concat(b.Take(2)).Order());
        Assert.Equal(Enumerable.Range(0, 5), b.Skip(2).Concat(c).Order());
        Assert.Equal(2, sampler.Epoch);
    }

    [Fact]
    public void The_same_seed_draws_the_same_batches()
    {
        var x = new EpochSampler(7, seed: 11);
        var y = new EpochSampler(7, seed: 11);

        Assert.Equal(Enumerable.Range(0, 6).SelectMany(_ => x.Next(3)), Enumerable.Range(0, 6).SelectMany(_ => y.Next(3)));
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Embeddings;

public class EmbeddingLookupTests
{
    [Fact]
    public void LookupEqualsOneHotTimesTheTable()
    {
        torch.manual_seed(7);
        using var scope = torch.NewDisposeScope();
        var table = nn.Embedding(10, 4);
        var ids = torch.tensor(new long[] { 3, 0, 9, 3 });

        var looked = table.call(ids);
        var oneHot = nn.functional.one_hot(ids, 10).to_type(ScalarType.Float32);
        var multiplied = oneHot.matmul(table.weight!);

        Assert.Equal(new long[] { 4, 4 }, looked.shape);
        Assert.True(looked.allclose(multiplied, rtol: 0, atol: 0), "an embedding lookup is exactly a one-hot row times the table");
        Assert.True(looked[0].eq(table.weight![3]).all().item<bool>());
    }
}

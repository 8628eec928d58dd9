using LlmWorkbook.Embeddings;

namespace LlmWorkbook.Tests.Embeddings;

public sealed class VectorMathTests
{
    [Fact]
    public void Cosine_of_known_vectors()
    {
        Assert.Equal(0, VectorMath.Cosine([1f, 0f], [0f, 1f]), 12);
        Assert.Equal(1, VectorMath.Cosine([1f, 2f, 3f], [2f, 4f, 6f]), 6);
        Assert.Equal(-1, VectorMath.Cosine([1f, -2f], [-1f, 2f]), 6);
        Assert.Equal(4 / (3 * Math.Sqrt(5)), VectorMath.Cosine([1f, 2f, 2f], [2f, 0f, 1f]), 6);
        Assert.Equal(0, VectorMath.Cosine([0f, 0f], [1f, 1f]));
    }

    [Fact]
    public void Normalized_has_length_one()
    {
        var unit = VectorMath.Normalized([3f, 4f]);
        Assert.Equal([0.6f, 0.8f], unit);
        Assert.Equal([0f, 0f], VectorMath.Normalized([0f, 0f]));
        Assert.Throws<ArgumentException>(() => VectorMath.Dot([1f], [1f, 2f]));
    }
}

using LlmWorkbook.Embeddings;

namespace LlmWorkbook.Tests.Embeddings;

public sealed class PrincipalComponentsTests
{
    [Fact]
    public void Eigenvectors_of_a_small_symmetric_matrix()
    {
        var (values, vectors) = PrincipalComponents.SymmetricEigen(new double[,] { { 2, 1 }, { 1, 2 } });
        var order = values[0] > values[1] ? new[] { 0, 1 } : new[] { 1, 0 };
        Assert.Equal(3, values[order[0]], 12);
        Assert.Equal(1, values[order[1]], 12);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(vectors[0, order[0]]), 12);
        Assert.Equal(vectors[0, order[0]], vectors[1, order[0]], 12);
        Assert.Equal(vectors[0, order[1]], -vectors[1, order[1]], 12);
    }

    [Fact]
    public void Axis_aligned_data_gives_the_axes_in_order_of_variance()
    {
        // Covariance (divided by n − 1 = 5) is diag(8/5, 2/5, 18/5): the z axis first, then x.
        double[][] rows = [[2, 0, 0], [-2, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 3], [0, 0, -3]];
        var pca = PrincipalComponents.Fit(rows, 2);
        AssertClose([0, 0, 1], pca.Components[0]);
        AssertClose([1, 0, 0], pca.Components[1]);
        AssertClose([18 / 5.0, 8 / 5.0], pca.Variances);
        AssertClose([18 / 28.0, 8 / 28.0], pca.ExplainedVarianceRatio);
        AssertClose([3, 0], pca.Project([0.0, 0, 3]));
        AssertClose([0, -2], pca.Project([-2.0, 0, 0]));
    }

    [Fact]
    public void Points_on_a_line_give_that_line_and_a_positive_sign()
    {
        var rows = Enumerable.Range(-5, 11).Select(t => new double[] { 1 + t, 2 + 2 * t }).ToList();
        var pca = PrincipalComponents.Fit(rows, 1);
        AssertClose([1 / Math.Sqrt(5), 2 / Math.Sqrt(5)], pca.Components[0]);
        Assert.Equal(1, pca.ExplainedVarianceRatio[0], 9);
        AssertClose([1, 2], pca.Mean);
    }

    [Fact]
    public void The_sign_does_not_depend_on_how_the_data_is_written()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, 6).Select(j => random.NextDouble() * (j + 1)).ToArray()).ToList();
        var flipped = rows.Select(r => r.Select(v => -v).ToArray()).ToList();
        var a = PrincipalComponents.Fit(rows, 3);
        var b = PrincipalComponents.Fit(flipped, 3);
        for (var k = 0; k < 3; k++)
        {
            AssertClose(a.Components[k], b.Components[k]);
            Assert.Equal(a.Components[k].MaxBy(Math.Abs), a.Components[k].Max());
            Assert.Equal(1, Math.Sqrt(a.Components[k].Sum(v => v * v)), 9);
        }
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 9);
        }
    }
}

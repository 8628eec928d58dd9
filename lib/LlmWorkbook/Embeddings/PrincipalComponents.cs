namespace LlmWorkbook.Embeddings;

/// <summary>
/// PCA: the directions of largest variance of a set of rows, found as the eigenvectors of their covariance matrix
/// (cyclic Jacobi rotations, which suit the small symmetric matrices here). Each component's sign is fixed so that
/// its largest-magnitude entry is positive, so the same data always gives the same picture.
/// </summary>
public sealed class PrincipalComponents
{
    /// <summary>Mean of the rows (subtracted before projecting).</summary>
    public double[] Mean { get; }

    /// <summary>Unit-length components, largest variance first: Components[k][j].</summary>
    public double[][] Components { get; }

    /// <summary>Variance of the data along each component (the covariance eigenvalues).</summary>
    public double[] Variances { get; }

    /// <summary>Share of the total variance along each component.</summary>
    public double[] ExplainedVarianceRatio { get; }

    private PrincipalComponents(double[] mean, double[][] components, double[] variances, double totalVariance)
    {
        Mean = mean;
        Components = components;
        Variances = variances;
        ExplainedVarianceRatio = variances.Select(v => totalVariance == 0 ? 0 : v / totalVariance).ToArray();
    }

    public static PrincipalComponents Fit(IReadOnlyList<float[]> rows, int count = 2) =>
        Fit(rows.Select(r => Array.ConvertAll(r, v => (double)v)).ToList(), count);

    public static PrincipalComponents Fit(IReadOnlyList<double[]> rows, int count = 2)
    {
        if (rows.Count < 2)
        {
            throw new ArgumentException("PCA needs at least two rows.");
        }
        var d = rows[0].Length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, d);
        var mean = new double[d];
        foreach (var row in rows)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += row[j] / rows.Count;
            }
        }
        var covariance = new double[d, d];
        foreach (var row in rows)
        {
            for (var i = 0; i < d; i++)
            {
                var di = row[i] - mean[i];
                for (var j = i; j < d; j++)
                {
                    covariance[i, j] += di * (row[j] - mean[j]) / (rows.Count - 1);
                }
            }
        }
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < i; j++)
            {
                covariance[i, j] = covariance[j, i];
            }
        }
        var (eigenvalues, eigenvectors) = SymmetricEigen(covariance);
        var order = Enumerable.Range(0, d).OrderByDescending(k => eigenvalues[k]).ThenBy(k => k).Take(count).ToArray();
        var components = order.Select(k =>
        {
            var v = Enumerable.Range(0, d).Select(j => eigenvectors[j, k]).ToArray();
            var largest = v.Select(Math.Abs).Max();
            var sign = Math.Sign(v.First(x => Math.Abs(x) == largest));
            return v.Select(x => x * sign).ToArray();
        }).ToArray();
        var variances = order.Select(k => Math.Max(0, eigenvalues[k])).ToArray();
        var total = eigenvalues.Sum(v => Math.Max(0, v));
        return new PrincipalComponents(mean, components, variances, total);
    }

    /// <summary>Coordinates of <paramref name="row"/> along the components.</summary>
    public double[] Project(IReadOnlyList<double> row)
    {
        var result = new double[Components.Length];
        for (var k = 0; k < Components.Length; k++)
        {
            for (var j = 0; j < Mean.Length; j++)
            {
                result[k] += (row[j] - Mean[j]) * Components[k][j];
            }
        }
        return result;
    }

    public double[] Project(float[] row) => Project(Array.ConvertAll(row, v => (double)v));

    /// <summary>Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations.</summary>
    internal static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }
        for (var sweep = 0; sweep < 100; sweep++)
        {
            double offDiagonal = 0, diagonal = 0;
            for (var p = 0; p < n; p++)
            {
                diagonal += a[p, p] * a[p, p];
                for (var q = p + 1; q < n; q++)
                {
                    offDiagonal += a[p, q] * a[p, q];
                }
            }
            if (offDiagonal <= 1e-30 * Math.Max(diagonal, 1e-300))
            {
                break;
            }
            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0)
                    {
                        continue;
                    }
                    // Rotate in the (p, q) plane so that a[p, q] becomes zero.
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        var values = Enumerable.Range(0, n).Select(i => a[i, i]).ToArray();
        return (values, v);
    }
}

namespace LlmWorkbook.Embeddings;

/// <summary>Small vector operations on spans, used by the embedding lookups and the tests.</summary>
public static class VectorMath
{
    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"vectors have different lengths ({a.Length} and {b.Length}).");
        }
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }
        return sum;
    }

    public static double Norm(ReadOnlySpan<float> a) => Math.Sqrt(Dot(a, a));

    /// <summary>cos θ = a·b / (|a| |b|); 0 when either vector is zero.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var norms = Norm(a) * Norm(b);
        return norms == 0 ? 0 : Dot(a, b) / norms;
    }

    /// <summary>A copy of <paramref name="a"/> scaled to length 1 (a zero vector stays zero).</summary>
    public static float[] Normalized(ReadOnlySpan<float> a)
    {
        var norm = Norm(a);
        var result = a.ToArray();
        if (norm > 0)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = (float)(result[i] / norm);
            }
        }
        return result;
    }
}

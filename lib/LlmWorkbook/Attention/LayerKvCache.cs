using static TorchSharp.torch;

namespace LlmWorkbook.Attention;

/// <summary>
/// Keys and values of one attention layer for the positions seen so far, in buffers allocated once for the whole
/// context, so generating a token costs one position of work instead of the whole prefix.
/// </summary>
public sealed class LayerKvCache : IDisposable
{
    private readonly Tensor keys;
    private readonly Tensor values;

    public LayerKvCache(long batch, long heads, long capacity, long headDim, ScalarType dtype = ScalarType.Float32)
    {
        keys = zeros(batch, heads, capacity, headDim, dtype).DetachFromDisposeScope();
        values = zeros(batch, heads, capacity, headDim, dtype).DetachFromDisposeScope();
    }

    public long Length { get; private set; }

    public long Capacity => keys.shape[2];

    /// <summary>Bytes held by the key and value buffers, allocated in full when the cache is made.</summary>
    public long Bytes => (keys.NumberOfElements * keys.ElementSize) + (values.NumberOfElements * values.ElementSize);

    public (Tensor Keys, Tensor Values) Append(Tensor k, Tensor v)
    {
        var t = k.shape[2];
        if (Length + t > Capacity)
        {
            throw new InvalidOperationException($"KV cache holds {Capacity} positions; cannot append {t} more to {Length}");
        }
        using (no_grad())
        {
            keys.narrow(2, Length, t).copy_(k);
            values.narrow(2, Length, t).copy_(v);
        }
        Length += t;
        return (keys.narrow(2, 0, Length), values.narrow(2, 0, Length));
    }

    public void Dispose()
    {
        keys.Dispose();
        values.Dispose();
    }
}

using System.Numerics.Tensors;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// The records of one in-process collection: per slot the key and data values, and all vectors in one contiguous
/// block (slot i at [i·d, (i+1)·d)) with each vector's inverse length kept beside it, so exact search is one pass over
/// memory. Deleted slots are reused. Callers hold <see cref="Lock"/>.
/// </summary>
internal sealed class StoredCollection
{
    private readonly Dictionary<object, int> _slots = [];
    private readonly List<object?[]?> _values = [];
    private readonly Stack<int> _free = new();
    private readonly HnswConfig _hnswConfig;
    private float[] _vectors = [];
    private float[] _inverseNorms = [];
    private int[] _nodes = [];       // slot → HNSW node, −1 when none
    private readonly List<int> _slotOfNode = [];

    public StoredCollection(RecordModel model, HnswConfig hnswConfig)
    {
        Model = model;
        _hnswConfig = hnswConfig;
        Dimensions = model.Vector.Dimensions;
        Hnsw = UsesHnsw ? new HnswIndex(Dimensions, hnswConfig) : null;
    }

    public object Lock { get; } = new();

    /// <summary>The model the collection was created with; other views of it must be <see cref="Fits">compatible</see>.</summary>
    public RecordModel Model { get; }

    public int Dimensions { get; }

    public int Count => _slots.Count;

    /// <summary>Slots in use or free: the range a scan covers.</summary>
    public int SlotCount => _values.Count;

    public HnswIndex? Hnsw { get; private set; }

    private bool UsesHnsw => Model.Vector.IndexKind == IndexKind.Hnsw;

    /// <summary>Whether <paramref name="other"/> describes the same stored properties (names, types, vector settings), in the same order.</summary>
    public bool Fits(RecordModel other) =>
        other.Key.StorageName == Model.Key.StorageName && other.Key.Type == Model.Key.Type
        && other.Data.Select(d => (d.StorageName, d.Type)).SequenceEqual(Model.Data.Select(d => (d.StorageName, d.Type)))
        && other.Vector.StorageName == Model.Vector.StorageName && other.Vector.Dimensions == Dimensions
        && other.Vector.DistanceFunction == Model.Vector.DistanceFunction && other.Vector.IndexKind == Model.Vector.IndexKind;

    public bool TryGetSlot(object key, out int slot) => _slots.TryGetValue(key, out slot);

    /// <summary>The key and data values of a slot in use (key first), or null for a free slot.</summary>
    public object?[]? Values(int slot) => _values[slot];

    public ReadOnlySpan<float> Vector(int slot) => _vectors.AsSpan(slot * Dimensions, Dimensions);

    public float InverseNorm(int slot) => _inverseNorms[slot];

    public IEnumerable<int> Slots => _slots.Values;

    public void Upsert(object?[] values, ReadOnlySpan<float> vector)
    {
        var key = values[0]!;
        if (!_slots.TryGetValue(key, out var slot))
        {
            slot = _free.Count > 0 ? _free.Pop() : NewSlot();
            _slots[key] = slot;
        }
        else if (Hnsw is not null)
        {
            Hnsw.Remove(_nodes[slot]);
        }
        _values[slot] = values;
        vector.CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
        var norm = TensorPrimitives.Norm(vector);
        _inverseNorms[slot] = norm > 0 ? 1 / norm : 0;
        if (Hnsw is not null)
        {
            _nodes[slot] = Hnsw.Add(vector);
            _slotOfNode.Add(slot);
            RebuildIfMostlyRemoved();
        }
    }

    public bool Delete(object key)
    {
        if (!_slots.Remove(key, out var slot))
        {
            return false;
        }
        _values[slot] = null;
        _free.Push(slot);
        if (Hnsw is not null)
        {
            Hnsw.Remove(_nodes[slot]);
            _nodes[slot] = -1;
            RebuildIfMostlyRemoved();
        }
        return true;
    }

    public int SlotOfNode(int node) => _slotOfNode[node];

    private int NewSlot()
    {
        var slot = _values.Count;
        _values.Add(null);
        if (_inverseNorms.Length <= slot)
        {
            var capacity = Math.Max(256, _inverseNorms.Length * 2);
            Array.Resize(ref _vectors, capacity * Dimensions);
            Array.Resize(ref _inverseNorms, capacity);
            Array.Resize(ref _nodes, capacity);
        }
        _nodes[slot] = -1;
        return slot;
    }

    /// <summary>Removed nodes slow HNSW searches down; once they outnumber the live ones, the graph is built again from the live slots.</summary>
    private void RebuildIfMostlyRemoved()
    {
        if (Hnsw!.RemovedCount <= Hnsw.Count - Hnsw.RemovedCount)
        {
            return;
        }
        Hnsw = new HnswIndex(Dimensions, _hnswConfig);
        _slotOfNode.Clear();
        for (var slot = 0; slot < _values.Count; slot++)
        {
            if (_values[slot] is not null)
            {
                _nodes[slot] = Hnsw.Add(Vector(slot));
                _slotOfNode.Add(slot);
            }
        }
    }
}

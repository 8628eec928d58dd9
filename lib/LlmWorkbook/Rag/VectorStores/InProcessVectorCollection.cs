using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// A collection of records held in this process, behind Microsoft.Extensions.VectorData's
/// <see cref="VectorStoreCollection{TKey, TRecord}"/>. Records are copied in on upsert and out on get, so changing a record
/// afterwards does not change the store.
/// <para>
/// Search is exact for <see cref="IndexKind.Flat"/>: the query is compared with every stored vector in one pass over a
/// contiguous block (SIMD through <see cref="TensorPrimitives"/>), and a small heap keeps the best <c>top + Skip</c>.
/// For <see cref="IndexKind.Hnsw"/> (cosine only) an unfiltered search asks an <see cref="HnswIndex"/>; a filtered one
/// falls back to exact search over the records that pass the filter, so filters never lose results.
/// Scores: cosine similarity, cosine distance (1 − cosine), dot product or Euclidean distance, as the vector property says;
/// ties are broken by key (ordinal for strings). <see cref="VectorSearchOptions{TRecord}.ScoreThreshold"/> drops results
/// below it for similarities and above it for distances.
/// </para>
/// </summary>
/// <typeparam name="TKey">The key property's type (<c>object</c> for dynamic collections).</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
public sealed class InProcessVectorCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    internal const string SystemName = "llm-workbook-in-process";

    private readonly ConcurrentDictionary<string, StoredCollection> _collections;
    private readonly HnswConfig _hnswConfig;
    private readonly VectorStoreCollectionMetadata _metadata;
    private readonly Dictionary<RecordProperty, int> _valueIndex = [];

    /// <summary>A collection of its own, not shared with any store.</summary>
    /// <param name="name">The collection's name.</param>
    /// <param name="definition">The schema; when null, <typeparamref name="TRecord"/>'s attributes.</param>
    /// <param name="options">The embedding generator for text queries and the HNSW settings.</param>
    public InProcessVectorCollection(string name, VectorStoreCollectionDefinition? definition = null, InProcessVectorStoreOptions? options = null)
        : this(new ConcurrentDictionary<string, StoredCollection>(StringComparer.Ordinal), name, definition, options)
    {
    }

    internal InProcessVectorCollection(
        ConcurrentDictionary<string, StoredCollection> collections, string name, VectorStoreCollectionDefinition? definition, InProcessVectorStoreOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _collections = collections;
        Name = name;
        options ??= new InProcessVectorStoreOptions();
        _hnswConfig = options.Hnsw ?? throw new ArgumentException("the options have no HNSW settings", nameof(options));
        _hnswConfig.Check();
        Model = RecordModel.For<TRecord>(definition, options.EmbeddingGenerator);
        var expectedKey = Model.IsDynamic ? typeof(object) : Model.Key.Type;
        if (typeof(TKey) != expectedKey)
        {
            throw new ArgumentException(
                $"TKey is {RecordModel.TypeName(typeof(TKey))}, but the key property {Model.Key.Name} calls for {RecordModel.TypeName(expectedKey)}");
        }
        if (Model.Vector.IndexKind == IndexKind.Hnsw
            && Model.Vector.DistanceFunction is not (DistanceFunction.CosineSimilarity or DistanceFunction.CosineDistance))
        {
            throw new NotSupportedException($"the in-process HNSW index compares by cosine; {Model.Vector.Name} uses {Model.Vector.DistanceFunction}");
        }
        _valueIndex[Model.Key] = 0;
        for (var i = 0; i < Model.Data.Count; i++)
        {
            _valueIndex[Model.Data[i]] = i + 1;
        }
        _metadata = new VectorStoreCollectionMetadata { VectorStoreSystemName = SystemName, CollectionName = name };
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>The record model the collection works with.</summary>
    public RecordModel Model { get; }

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_collections.ContainsKey(Name));

    /// <inheritdoc/>
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        var stored = _collections.GetOrAdd(Name, _ => new StoredCollection(Model, _hnswConfig));
        CheckFits(stored, "EnsureCollectionExists");
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        _collections.TryRemove(Name, out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Existing("Get") is not { } stored)
        {
            return Task.FromResult<TRecord?>(null);
        }
        lock (stored.Lock)
        {
            return Task.FromResult(stored.TryGetSlot(key, out var slot) ? Materialize(stored, slot, options?.IncludeVectors ?? false) : null);
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new FilteredRecordRetrievalOptions<TRecord>();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        var parsed = RecordFilter.Parse(filter, Model);
        var order = options.OrderBy?.Invoke(new FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition()).Values
            .Select(sort => (Index: ValueIndex(Model.Property(sort.PropertySelector), "order by"), sort.Ascending)).ToList() ?? [];
        if (Existing("Get") is not { } stored)
        {
            yield break;
        }
        List<TRecord> records;
        lock (stored.Lock)
        {
            var matching = Matching(stored, parsed).ToList();
            matching.Sort((a, b) =>
            {
                foreach (var (index, ascending) in order)
                {
                    var byValue = CompareValues(stored.Values(a)![index], stored.Values(b)![index]);
                    if (byValue != 0)
                    {
                        return ascending ? byValue : -byValue;
                    }
                }
                return CompareValues(stored.Values(a)![0], stored.Values(b)![0]);
            });
            records = matching.Skip(options.Skip).Take(top).Select(slot => Materialize(stored, slot, options.IncludeVectors)).ToList();
        }
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return record;
        }
    }

    /// <inheritdoc/>
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Existing("Delete") is { } stored)
        {
            lock (stored.Lock)
            {
                stored.Delete(key);
            }
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertAsync([record], cancellationToken);
    }

    /// <inheritdoc/>
    public override Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        // Every record is checked before any is stored, so a bad one leaves the collection as it was.
        var rows = records.Select(ToRow).ToList();
        var stored = Existing("Upsert") ?? throw Missing("Upsert");
        lock (stored.Lock)
        {
            foreach (var (values, vector) in rows)
            {
                stored.Upsert(values, vector.Span);
            }
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new VectorSearchOptions<TRecord>();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        if (options.VectorProperty is not null && Model.Property(options.VectorProperty) != Model.Vector)
        {
            throw new ArgumentException($"VectorProperty must select the vector property {Model.Vector.Name}", nameof(options));
        }
        var parsed = options.Filter is null ? null : RecordFilter.Parse(options.Filter, Model);
        var query = await QueryVector(searchValue, cancellationToken);
        if (query.Length != Model.Vector.Dimensions)
        {
            throw new ArgumentException($"the query has {query.Length} dimensions; {Model.Vector.Name} has {Model.Vector.Dimensions}", nameof(searchValue));
        }
        var stored = Existing("Search") ?? throw Missing("Search");
        List<VectorSearchResult<TRecord>> results;
        lock (stored.Lock)
        {
            var best = stored.Hnsw is not null && parsed is null
                ? Approximate(stored, query.Span, top + options.Skip)
                : Exact(stored, query.Span, top + options.Skip, parsed);
            results = best.Skip(options.Skip)
                .Where(r => options.ScoreThreshold is not { } threshold || (Model.Vector.HigherIsCloser ? r.Score >= threshold : r.Score <= threshold))
                .Select(r => new VectorSearchResult<TRecord>(Materialize(stored, r.Slot, options.IncludeVectors), r.Score))
                .ToList();
        }
        foreach (var result in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return result;
        }
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? _metadata
            : serviceType == typeof(RecordModel) ? Model
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Exact search: every stored vector (or every one that passes the filter) scored in one pass, the best kept in a heap.</summary>
    private List<(int Slot, double Score)> Exact(StoredCollection stored, ReadOnlySpan<float> query, int count, RecordFilter? filter)
    {
        var distance = Model.Vector.DistanceFunction;
        var cosine = distance is DistanceFunction.CosineSimilarity or DistanceFunction.CosineDistance;
        var euclidean = distance == DistanceFunction.EuclideanDistance;
        var queryScale = 1f;
        if (cosine)
        {
            var norm = TensorPrimitives.Norm(query);
            queryScale = norm > 0 ? 1 / norm : 0;
        }
        // The heap's root is the worst kept result: the lowest closeness, and on a tie the larger key.
        var comparer = new WorstFirst(stored);
        var kept = new PriorityQueue<int, (float Closeness, int Slot)>(count + 1, comparer);
        var passing = filter is null ? null : Matching(stored, filter).ToHashSet();
        for (var slot = 0; slot < stored.SlotCount; slot++)
        {
            if (stored.Values(slot) is null || (passing is not null && !passing.Contains(slot)))
            {
                continue;
            }
            var row = stored.Vector(slot);
            var closeness = euclidean ? -TensorPrimitives.Distance(query, row)
                : cosine ? TensorPrimitives.Dot(query, row) * queryScale * stored.InverseNorm(slot)
                : TensorPrimitives.Dot(query, row);
            if (kept.Count < count)
            {
                kept.Enqueue(slot, (closeness, slot));
            }
            else if (kept.TryPeek(out _, out var worst) && comparer.Compare((closeness, slot), worst) > 0)
            {
                kept.DequeueEnqueue(slot, (closeness, slot));
            }
        }
        var best = new List<(int Slot, double Score)>(kept.Count);
        while (kept.TryDequeue(out var slot, out var key))
        {
            best.Add((slot, Score(key.Closeness)));
        }
        best.Reverse();
        return best;
    }

    private List<(int Slot, double Score)> Approximate(StoredCollection stored, ReadOnlySpan<float> query, int count)
    {
        var found = stored.Hnsw!.Search(query, count, Math.Max(count, _hnswConfig.EfSearch));
        var comparer = new WorstFirst(stored);
        return found
            .Select(f => (Slot: stored.SlotOfNode(f.Node), f.Similarity))
            .OrderByDescending(f => (f.Similarity, f.Slot), comparer)
            .Select(f => (f.Slot, Score(f.Similarity)))
            .ToList();
    }

    private double Score(float closeness) => Model.Vector.DistanceFunction switch
    {
        DistanceFunction.CosineDistance => 1 - (double)closeness,
        DistanceFunction.EuclideanDistance => -(double)closeness,
        _ => closeness,
    };

    /// <summary>Orders (closeness, slot) pairs from worst to best: lower closeness is worse, and on a tie the larger key.</summary>
    private sealed class WorstFirst(StoredCollection stored) : IComparer<(float Closeness, int Slot)>
    {
        public int Compare((float Closeness, int Slot) a, (float Closeness, int Slot) b)
        {
            var byCloseness = a.Closeness.CompareTo(b.Closeness);
            return byCloseness != 0 ? byCloseness : CompareValues(stored.Values(b.Slot)![0], stored.Values(a.Slot)![0]);
        }
    }

    private IEnumerable<int> Matching(StoredCollection stored, RecordFilter filter)
    {
        object?[] values = [];
        Func<RecordProperty, object?> valueOf = property => values[_valueIndex[property]];
        for (var slot = 0; slot < stored.SlotCount; slot++)
        {
            if (stored.Values(slot) is { } current)
            {
                values = current;
                if (filter.Matches(valueOf))
                {
                    yield return slot;
                }
            }
        }
    }

    private async ValueTask<ReadOnlyMemory<float>> QueryVector<TInput>(TInput searchValue, CancellationToken cancellationToken) => searchValue switch
    {
        ReadOnlyMemory<float> memory => memory,
        float[] array => array,
        Embedding<float> embedding => embedding.Vector,
        string text => Model.Vector.EmbeddingGenerator is { } generator
            ? await generator.GenerateVectorAsync(text, cancellationToken: cancellationToken)
            : throw new InvalidOperationException(
                $"searching {Name} with text needs an IEmbeddingGenerator<string, Embedding<float>> (in the definition or the store options)"),
        _ => throw new NotSupportedException(
            $"search values of type {typeof(TInput).Name} are not supported; use ReadOnlyMemory<float>, float[], Embedding<float> or string"),
    };

    private (object?[] Values, ReadOnlyMemory<float> Vector) ToRow(TRecord record)
    {
        ArgumentNullException.ThrowIfNull(record, nameof(record));
        var values = new object?[Model.Data.Count + 1];
        values[0] = Model.Key.GetValue(record) ?? throw new ArgumentException($"a record has no key ({Model.Key.Name})", nameof(record));
        for (var i = 0; i < Model.Data.Count; i++)
        {
            values[i + 1] = Model.Data[i].GetValue(record);
        }
        var vector = Model.Vector.GetVector(record);
        if (vector is not { Length: > 0 } present)
        {
            throw new ArgumentException($"the record '{values[0]}' has no vector ({Model.Vector.Name})", nameof(record));
        }
        if (present.Length != Model.Vector.Dimensions)
        {
            throw new ArgumentException(
                $"the record '{values[0]}' has a {present.Length}-dimensional vector; {Model.Vector.Name} has {Model.Vector.Dimensions}", nameof(record));
        }
        return (values, present);
    }

    private TRecord Materialize(StoredCollection stored, int slot, bool includeVectors)
    {
        var values = stored.Values(slot)!;
        var record = Model.CreateRecord();
        Model.Key.SetValue(record, values[0]);
        for (var i = 0; i < Model.Data.Count; i++)
        {
            Model.Data[i].SetValue(record, values[i + 1]);
        }
        if (includeVectors)
        {
            Model.Vector.SetVector(record, stored.Vector(slot).ToArray());
        }
        return (TRecord)record;
    }

    private int ValueIndex(RecordProperty property, string use) => _valueIndex.TryGetValue(property, out var index) ? index
        : throw new NotSupportedException($"{use} needs a key or data property, not {property.Name}");

    private StoredCollection? Existing(string operation)
    {
        if (!_collections.TryGetValue(Name, out var stored))
        {
            return null;
        }
        CheckFits(stored, operation);
        return stored;
    }

    private void CheckFits(StoredCollection stored, string operation)
    {
        if (!ReferenceEquals(stored.Model, Model) && !stored.Fits(Model))
        {
            throw new VectorStoreException($"the collection {Name} exists with a different schema than this view of it")
            {
                VectorStoreSystemName = SystemName, CollectionName = Name, OperationName = operation,
            };
        }
    }

    private VectorStoreException Missing(string operation) =>
        new($"the collection {Name} does not exist; call EnsureCollectionExistsAsync first")
        {
            VectorStoreSystemName = SystemName, CollectionName = Name, OperationName = operation,
        };

    internal static int CompareValues(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => ((IComparable)a).CompareTo(b),
    };
}

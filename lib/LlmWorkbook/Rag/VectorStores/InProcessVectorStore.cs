using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// The course's embedded vector store: collections held in this process, behind Microsoft.Extensions.VectorData's
/// <see cref="VectorStore"/>, so code written against the abstraction runs unchanged on a database-backed store.
/// Collections obtained by the same name share their records; see <see cref="InProcessVectorCollection{TKey, TRecord}"/>
/// for how search works.
/// </summary>
public sealed class InProcessVectorStore : VectorStore
{
    private readonly ConcurrentDictionary<string, StoredCollection> _collections = new(StringComparer.Ordinal);
    private readonly InProcessVectorStoreOptions _options;
    private readonly VectorStoreMetadata _metadata = new() { VectorStoreSystemName = InProcessVectorCollection<string, object>.SystemName };

    /// <param name="options">The default embedding generator and the HNSW settings; defaults when null.</param>
    public InProcessVectorStore(InProcessVectorStoreOptions? options = null)
    {
        _options = options ?? new InProcessVectorStoreOptions();
    }

    /// <inheritdoc/>
    public override InProcessVectorCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null) =>
        new(_collections, name, definition, _options);

    /// <inheritdoc/>
    public override InProcessVectorCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new(_collections, name, definition, _options);
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var name in _collections.Keys.Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return name;
        }
    }

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Task.FromResult(_collections.ContainsKey(name));
    }

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        _collections.TryRemove(name, out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }
}

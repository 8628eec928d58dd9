using LlmWorkbook.Rag.VectorStores;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Tests.Rag;

public sealed class InProcessVectorStoreTests
{
    private static ChunkRecord Record(string id, int year) => new() { Id = id, Year = year, Party = "Whig", Embedding = new float[] { year, 1 } };

    [Fact]
    public async Task Collections_are_listed_shared_by_name_and_deleted()
    {
        using var store = new InProcessVectorStore();
        var first = store.GetCollection<string, ChunkRecord>("b-chunks", ChunkRecord.Definition(2));
        Assert.False(await store.CollectionExistsAsync("b-chunks"));
        await first.EnsureCollectionExistsAsync();
        await store.GetCollection<string, ChunkRecord>("a-chunks", ChunkRecord.Definition(2)).EnsureCollectionExistsAsync();
        Assert.Equal(["a-chunks", "b-chunks"], await store.ListCollectionNamesAsync().ToListAsync());

        await first.UpsertAsync(Record("x", 1840));
        var again = store.GetCollection<string, ChunkRecord>("b-chunks", ChunkRecord.Definition(2));
        Assert.Equal(1840, (await again.GetAsync("x"))!.Year);

        var dynamic = store.GetDynamicCollection("b-chunks", ChunkRecord.Definition(2));
        var record = await dynamic.GetAsync("x");
        Assert.Equal((1840, "Whig"), ((int)record!["Year"]!, (string)record["Party"]!));

        var otherSchema = store.GetCollection<string, ChunkRecord>("b-chunks", ChunkRecord.Definition(3));
        await Assert.ThrowsAsync<VectorStoreException>(() => otherSchema.GetAsync("x"));

        await store.EnsureCollectionDeletedAsync("b-chunks");
        Assert.False(await first.CollectionExistsAsync());
        Assert.Equal(["a-chunks"], await store.ListCollectionNamesAsync().ToListAsync());
    }

    [Fact]
    public void Services_and_metadata_are_offered()
    {
        using var store = new InProcessVectorStore();
        var collection = store.GetCollection<string, ChunkRecord>("chunks", ChunkRecord.Definition(2));
        Assert.Equal("llm-workbook-in-process", ((VectorStoreMetadata)store.GetService(typeof(VectorStoreMetadata))!).VectorStoreSystemName);
        Assert.Equal("chunks", ((VectorStoreCollectionMetadata)collection.GetService(typeof(VectorStoreCollectionMetadata))!).CollectionName);
        Assert.Same(collection.Model, collection.GetService(typeof(RecordModel)));
        Assert.Same(store, store.GetService(typeof(VectorStore)));
        Assert.Null(store.GetService(typeof(string)));
        Assert.Null(collection.GetService(typeof(VectorStoreCollectionMetadata), serviceKey: "x"));
    }
}

using LlmWorkbook.Rag;
using LlmWorkbook.Rag.VectorStores;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Tests.Rag;

public sealed class ChunkRecordTests
{
    [Fact]
    public void A_chunk_goes_to_a_record_and_back_unchanged()
    {
        var chunk = new Chunk("1862-lincoln-004", 1862, "Abraham Lincoln", "Republican", 40, 52, "Fellow-citizens ...");
        var record = ChunkRecord.From(chunk, new float[] { 1, 2, 3 });
        Assert.Equal(chunk, record.ToChunk());
        Assert.Equal([1f, 2f, 3f], record.Embedding.ToArray());
    }

    [Fact]
    public void The_definition_sets_the_dimension_and_index_and_matches_the_attributes_otherwise()
    {
        var fromAttributes = RecordModel.For<ChunkRecord>();
        var fromDefinition = RecordModel.For<ChunkRecord>(ChunkRecord.Definition(256, IndexKind.Hnsw));
        Assert.Equal(64, fromAttributes.Vector.Dimensions);
        Assert.Equal(256, fromDefinition.Vector.Dimensions);
        Assert.Equal(IndexKind.Flat, fromAttributes.Vector.IndexKind);
        Assert.Equal(IndexKind.Hnsw, fromDefinition.Vector.IndexKind);
        Assert.All([fromAttributes, fromDefinition], model =>
        {
            Assert.Equal("Id", model.Key.Name);
            Assert.Equal(["Year", "President", "Party", "FirstSentence", "LastSentence", "Text"], model.Data.Select(d => d.Name));
            Assert.Equal([true, true, true, false, false, false], model.Data.Select(d => d.IsIndexed));
            Assert.Equal(DistanceFunction.CosineSimilarity, model.Vector.DistanceFunction);
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkRecord.Definition(0));
    }
}

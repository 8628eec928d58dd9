using LlmWorkbook.Embeddings;
using LlmWorkbook.Rag.VectorStores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Tests.Rag;

public sealed class RecordModelTests
{
    public sealed class Hotel
    {
        [VectorStoreKey(StorageName = "hotel_id")]
        public int Id { get; set; }

        [VectorStoreData(IsIndexed = true)]
        public string? Name { get; set; }

        [VectorStoreData]
        public double? Rating { get; set; }

        [VectorStoreVector(3, DistanceFunction = DistanceFunction.EuclideanDistance, IndexKind = IndexKind.Hnsw)]
        public float[]? Embedding { get; set; }

        public string NotStored { get; set; } = "";
    }

    public sealed class NoKey
    {
        [VectorStoreVector(3)]
        public ReadOnlyMemory<float> Embedding { get; set; }
    }

    public sealed class TwoKeys
    {
        [VectorStoreKey]
        public string A { get; set; } = "";

        [VectorStoreKey]
        public string B { get; set; } = "";

        [VectorStoreVector(3)]
        public ReadOnlyMemory<float> Embedding { get; set; }
    }

    public sealed class NoVector
    {
        [VectorStoreKey]
        public string Id { get; set; } = "";
    }

    public sealed class DoubleKey
    {
        [VectorStoreKey]
        public double Id { get; set; }

        [VectorStoreVector(3)]
        public ReadOnlyMemory<float> Embedding { get; set; }
    }

    public sealed class DoubleVector
    {
        [VectorStoreKey]
        public string Id { get; set; } = "";

        [VectorStoreVector(3)]
        public double[] Embedding { get; set; } = [];
    }

    public sealed class ListData
    {
        [VectorStoreKey]
        public string Id { get; set; } = "";

        [VectorStoreData]
        public List<string> Tags { get; set; } = [];

        [VectorStoreVector(3)]
        public ReadOnlyMemory<float> Embedding { get; set; }
    }

    [Fact]
    public void The_attributes_give_the_key_data_and_vector_properties()
    {
        var model = RecordModel.For<Hotel>();
        Assert.Equal(("Id", "hotel_id", typeof(int)), (model.Key.Name, model.Key.StorageName, model.Key.Type));
        Assert.Equal(["Name", "Rating"], model.Data.Select(d => d.Name));
        Assert.Equal([typeof(string), typeof(double?)], model.Data.Select(d => d.Type));
        Assert.Equal([true, false], model.Data.Select(d => d.IsIndexed));
        Assert.Equal((3, DistanceFunction.EuclideanDistance, IndexKind.Hnsw), (model.Vector.Dimensions, model.Vector.DistanceFunction, model.Vector.IndexKind));
        Assert.False(model.Vector.HigherIsCloser);
        Assert.False(model.IsDynamic);
        Assert.Throws<ArgumentException>(() => model.Property("NotStored"));
    }

    [Fact]
    public void Values_are_read_and_written_on_records_and_vectors_converted_to_the_property_type()
    {
        var model = RecordModel.For<Hotel>();
        var hotel = (Hotel)model.CreateRecord();
        model.Key.SetValue(hotel, 7);
        model.Property("Rating").SetValue(hotel, 4.5);
        model.Vector.SetVector(hotel, new float[] { 1, 2, 3 });
        Assert.Equal((7, 4.5), (hotel.Id, hotel.Rating));
        Assert.Equal([1f, 2f, 3f], hotel.Embedding!);
        Assert.Equal([1f, 2f, 3f], model.Vector.GetVector(hotel)!.Value.ToArray());
        Assert.Null(model.Property("Name").GetValue(hotel));
        Assert.Null(model.Vector.GetVector(new Hotel()));
    }

    [Fact]
    public void A_definition_replaces_the_attributes_and_describes_dictionary_records()
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Key", typeof(string)),
                new VectorStoreDataProperty("Year", typeof(int)) { IsIndexed = true },
                new VectorStoreVectorProperty("Vector", typeof(Embedding<float>), 2) { DistanceFunction = DistanceFunction.DotProductSimilarity },
            ],
        };
        var model = RecordModel.For<Dictionary<string, object?>>(definition);
        Assert.True(model.IsDynamic);
        Assert.Equal((IndexKind.Flat, true), (model.Vector.IndexKind, model.Vector.HigherIsCloser));
        var record = (Dictionary<string, object?>)model.CreateRecord();
        model.Key.SetValue(record, "a");
        model.Vector.SetVector(record, new float[] { 0.5f, 1 });
        Assert.Equal("a", record["Key"]);
        Assert.Equal([0.5f, 1f], Assert.IsType<Embedding<float>>(record["Vector"]).Vector.ToArray());
        Assert.Null(model.Property("Year").GetValue(record));

        var error = Assert.Throws<ArgumentException>(() => RecordModel.For<Dictionary<string, object?>>());
        Assert.Contains("needs a VectorStoreCollectionDefinition", error.Message);
    }

    [Fact]
    public void The_embedding_generator_comes_from_the_vector_property_then_the_definition_then_the_default()
    {
        using var first = new MeanPoolingEmbeddingGenerator(WordEmbeddings.Random(["a"], 2, seed: 1));
        using var second = new MeanPoolingEmbeddingGenerator(WordEmbeddings.Random(["a"], 2, seed: 2));
        using var third = new MeanPoolingEmbeddingGenerator(WordEmbeddings.Random(["a"], 2, seed: 3));
        VectorStoreCollectionDefinition Definition(IEmbeddingGenerator? onVector, IEmbeddingGenerator? onDefinition) => new()
        {
            Properties = [new VectorStoreKeyProperty("Key", typeof(string)), new VectorStoreVectorProperty("Vector", typeof(float[]), 2) { EmbeddingGenerator = onVector }],
            EmbeddingGenerator = onDefinition,
        };
        Assert.Same(first, RecordModel.For<Dictionary<string, object?>>(Definition(first, second), third).Vector.EmbeddingGenerator);
        Assert.Same(second, RecordModel.For<Dictionary<string, object?>>(Definition(null, second), third).Vector.EmbeddingGenerator);
        Assert.Same(third, RecordModel.For<Dictionary<string, object?>>(Definition(null, null), third).Vector.EmbeddingGenerator);
        Assert.Null(RecordModel.For<Hotel>().Vector.EmbeddingGenerator);
    }

    [Theory]
    [InlineData(typeof(NoKey), "has no key property")]
    [InlineData(typeof(TwoKeys), "has 2 key properties (A, B)")]
    [InlineData(typeof(NoVector), "has no vector property")]
    [InlineData(typeof(DoubleKey), "the key property Id is Double; keys must be one of String, Guid, Int32, Int64")]
    [InlineData(typeof(DoubleVector), "the vector property Embedding is Double[]; vectors must be one of")]
    [InlineData(typeof(ListData), "the data property Tags is List<String>")]
    public void Record_types_the_stores_cannot_hold_are_refused_with_the_reason(Type recordType, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => RecordModel.For(recordType));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Definitions_the_stores_cannot_hold_are_refused_with_the_reason()
    {
        static string Error(params VectorStoreProperty[] properties) => Assert.Throws<ArgumentException>(
            () => RecordModel.For<Hotel>(new VectorStoreCollectionDefinition { Properties = [.. properties] })).Message;
        var key = new VectorStoreKeyProperty("Id", typeof(int));
        Assert.Contains("no public read-write property Missing",
            Error(key, new VectorStoreDataProperty("Missing", typeof(int)), new VectorStoreVectorProperty("Embedding", typeof(float[]), 3)));
        Assert.Contains("gives Name the type Int32, but Hotel.Name is String",
            Error(key, new VectorStoreDataProperty("Name", typeof(int)), new VectorStoreVectorProperty("Embedding", typeof(float[]), 3)));
        Assert.Contains("distance function HammingDistance",
            Error(key, new VectorStoreVectorProperty("Embedding", typeof(float[]), 3) { DistanceFunction = DistanceFunction.HammingDistance }));
        Assert.Contains("index kind DiskAnn",
            Error(key, new VectorStoreVectorProperty("Embedding", typeof(float[]), 3) { IndexKind = IndexKind.DiskAnn }));
        Assert.Contains("names the property Id (or its storage name) twice",
            Error(key, new VectorStoreDataProperty("Id", typeof(int)), new VectorStoreVectorProperty("Embedding", typeof(float[]), 3)));
    }
}

using System.Reflection;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// The vector property of a record: its length, how two vectors are compared (a <see cref="Microsoft.Extensions.VectorData.DistanceFunction"/>
/// name) and which index searches it (an <see cref="Microsoft.Extensions.VectorData.IndexKind"/> name). Its .NET type is one
/// of <see cref="RecordModel.VectorTypes"/>; <see cref="GetVector"/> and <see cref="SetVector"/> convert from and to it.
/// </summary>
public sealed class RecordVectorProperty : RecordProperty
{
    internal RecordVectorProperty(
        string name, string storageName, Type type, PropertyInfo? property, int dimensions, string distanceFunction, string indexKind,
        IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator)
        : base(name, storageName, type, property)
    {
        Dimensions = dimensions;
        DistanceFunction = distanceFunction;
        IndexKind = indexKind;
        EmbeddingGenerator = embeddingGenerator;
    }

    /// <summary>The number of floats in every vector.</summary>
    public int Dimensions { get; }

    /// <summary>One of <see cref="RecordModel.DistanceFunctions"/>.</summary>
    public string DistanceFunction { get; }

    /// <summary>One of <see cref="RecordModel.IndexKinds"/>.</summary>
    public string IndexKind { get; }

    /// <summary>
    /// What turns a text query into a vector, if anything: the vector property's own generator in the definition, else
    /// the definition's, else the collection's or store's default.
    /// </summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator { get; }

    /// <summary>Whether a higher score is a closer match (similarities), as opposed to a lower one (distances).</summary>
    public bool HigherIsCloser => DistanceFunction is Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity
        or Microsoft.Extensions.VectorData.DistanceFunction.DotProductSimilarity;

    /// <summary>The record's vector, or null when it has none.</summary>
    public ReadOnlyMemory<float>? GetVector(object record) => GetValue(record) switch
    {
        // typed, or the null would become an empty vector through float[]'s conversion to ReadOnlyMemory<float>
        null => default(ReadOnlyMemory<float>?),
        ReadOnlyMemory<float> memory => memory,
        float[] array => new ReadOnlyMemory<float>(array),
        Embedding<float> embedding => embedding.Vector,
        var other => throw new InvalidOperationException($"the vector property {Name} holds a {other.GetType().Name}, not a float vector"),
    };

    /// <summary>Sets the record's vector, converted to the property's type.</summary>
    public void SetVector(object record, ReadOnlyMemory<float> vector) => SetValue(record, ToPropertyType(vector));

    private object ToPropertyType(ReadOnlyMemory<float> vector) =>
        Type == typeof(float[]) ? vector.ToArray()
        : Type == typeof(Embedding<float>) ? new Embedding<float>(vector)
        : vector;
}

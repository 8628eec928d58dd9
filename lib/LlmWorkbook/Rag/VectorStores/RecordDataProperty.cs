using System.Reflection;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>A data property of a record: metadata stored with the vector, which filters can use.</summary>
public sealed class RecordDataProperty : RecordProperty
{
    internal RecordDataProperty(string name, string storageName, Type type, PropertyInfo? property, bool isIndexed, bool isFullTextIndexed)
        : base(name, storageName, type, property)
    {
        IsIndexed = isIndexed;
        IsFullTextIndexed = isFullTextIndexed;
    }

    /// <summary>Whether the store should index it for filtering (a database index; the in-process store scans either way).</summary>
    public bool IsIndexed { get; }

    /// <summary>Whether the store should index it for full-text search.</summary>
    public bool IsFullTextIndexed { get; }
}

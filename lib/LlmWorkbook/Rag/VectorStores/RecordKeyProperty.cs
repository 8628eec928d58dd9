using System.Reflection;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>The key of a record: unique in its collection.</summary>
public sealed class RecordKeyProperty : RecordProperty
{
    internal RecordKeyProperty(string name, string storageName, Type type, PropertyInfo? property)
        : base(name, storageName, type, property)
    {
    }
}

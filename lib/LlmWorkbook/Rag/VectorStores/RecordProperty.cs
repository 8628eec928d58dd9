using System.Reflection;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// One property of a record as a vector store sees it: its name in the record type, its name in storage, its type,
/// and how to read and write it on a record (a class with the property, or a <c>Dictionary&lt;string, object?&gt;</c>
/// for dynamic collections). The kinds are closed: <see cref="RecordKeyProperty"/>, <see cref="RecordDataProperty"/>,
/// <see cref="RecordVectorProperty"/>.
/// </summary>
public abstract class RecordProperty
{
    private readonly PropertyInfo? _property;

    private protected RecordProperty(string name, string storageName, Type type, PropertyInfo? property)
    {
        Name = name;
        StorageName = storageName;
        Type = type;
        _property = property;
    }

    /// <summary>The property's name in the record type (the dictionary key for dynamic records).</summary>
    public string Name { get; }

    /// <summary>The name a store uses for it (a column name, say): the definition's or attribute's StorageName, else <see cref="Name"/>.</summary>
    public string StorageName { get; }

    /// <summary>The property's .NET type.</summary>
    public Type Type { get; }

    /// <summary>The value of this property on <paramref name="record"/>.</summary>
    public object? GetValue(object record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _property is not null ? _property.GetValue(record)
            : ((IDictionary<string, object?>)record).TryGetValue(Name, out var value) ? value
            : null;
    }

    /// <summary>Sets this property on <paramref name="record"/> to <paramref name="value"/>.</summary>
    public void SetValue(object record, object? value)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_property is not null)
        {
            _property.SetValue(record, value);
        }
        else
        {
            ((IDictionary<string, object?>)record)[Name] = value;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({RecordModel.TypeName(Type)})";
}

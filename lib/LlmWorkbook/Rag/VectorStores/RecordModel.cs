using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// What a vector store needs to know about a record type, read from its <c>[VectorStoreKey]</c>,
/// <c>[VectorStoreData]</c> and <c>[VectorStoreVector]</c> attributes or from a <see cref="VectorStoreCollectionDefinition"/>
/// (which, when given, replaces the attributes): one key, the data properties, one vector. Both of the course's stores
/// (in-process and PostgreSQL) build their collections on it, so a record type that one accepts the other accepts too.
/// </summary>
public sealed class RecordModel
{
    /// <summary>Key types both stores support.</summary>
    public static IReadOnlyList<Type> KeyTypes { get; } = [typeof(string), typeof(Guid), typeof(int), typeof(long)];

    /// <summary>Data property types both stores support (value types may also be nullable).</summary>
    public static IReadOnlyList<Type> DataTypes { get; } =
        [typeof(string), typeof(int), typeof(long), typeof(float), typeof(double), typeof(bool), typeof(Guid), typeof(DateTimeOffset)];

    /// <summary>Vector property types both stores support.</summary>
    public static IReadOnlyList<Type> VectorTypes { get; } =
        [typeof(ReadOnlyMemory<float>), typeof(ReadOnlyMemory<float>?), typeof(float[]), typeof(Embedding<float>)];

    /// <summary>Distance functions both stores support; the default is <see cref="DistanceFunction.CosineSimilarity"/>.</summary>
    public static IReadOnlyList<string> DistanceFunctions { get; } =
    [
        DistanceFunction.CosineSimilarity, DistanceFunction.CosineDistance,
        DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance,
    ];

    /// <summary>Index kinds both stores support: exact search (the default) and HNSW.</summary>
    public static IReadOnlyList<string> IndexKinds { get; } = [IndexKind.Flat, IndexKind.Hnsw];

    private readonly Dictionary<string, RecordProperty> _byName;

    private RecordModel(Type recordType, RecordKeyProperty key, IReadOnlyList<RecordDataProperty> data, RecordVectorProperty vector)
    {
        RecordType = recordType;
        Key = key;
        Data = data;
        Vector = vector;
        _byName = new Dictionary<string, RecordProperty>(StringComparer.Ordinal) { [key.Name] = key, [vector.Name] = vector };
        foreach (var property in data)
        {
            _byName[property.Name] = property;
        }
    }

    /// <summary>The record type: a class, or <c>Dictionary&lt;string, object?&gt;</c> for a dynamic collection.</summary>
    public Type RecordType { get; }

    /// <summary>Whether records are dictionaries keyed by property name.</summary>
    public bool IsDynamic => RecordType == typeof(Dictionary<string, object?>);

    /// <summary>The key property.</summary>
    public RecordKeyProperty Key { get; }

    /// <summary>The data properties, in declaration order.</summary>
    public IReadOnlyList<RecordDataProperty> Data { get; }

    /// <summary>The vector property.</summary>
    public RecordVectorProperty Vector { get; }

    /// <summary>Builds and checks the model of <typeparamref name="TRecord"/>.</summary>
    /// <param name="definition">The schema; when null, the type's attributes.</param>
    /// <param name="defaultEmbeddingGenerator">Turns text queries into vectors when the definition names no generator.</param>
    public static RecordModel For<TRecord>(VectorStoreCollectionDefinition? definition = null, IEmbeddingGenerator? defaultEmbeddingGenerator = null)
        => For(typeof(TRecord), definition, defaultEmbeddingGenerator);

    /// <summary>Builds and checks the model of <paramref name="recordType"/>.</summary>
    /// <param name="recordType">A class with a public parameterless constructor, or <c>Dictionary&lt;string, object?&gt;</c> (then <paramref name="definition"/> is required).</param>
    /// <param name="definition">The schema; when null, the type's attributes.</param>
    /// <param name="defaultEmbeddingGenerator">Turns text queries into vectors when the definition names no generator.</param>
    /// <exception cref="ArgumentException">The record type or definition is not one both stores support; the message says why.</exception>
    public static RecordModel For(Type recordType, VectorStoreCollectionDefinition? definition = null, IEmbeddingGenerator? defaultEmbeddingGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(recordType);
        var dynamic = recordType == typeof(Dictionary<string, object?>);
        if (dynamic && definition is null)
        {
            throw new ArgumentException("a dynamic (dictionary) record needs a VectorStoreCollectionDefinition", nameof(definition));
        }
        if (!dynamic && (recordType.IsAbstract || recordType.IsValueType || recordType.GetConstructor(Type.EmptyTypes) is null))
        {
            throw new ArgumentException($"the record type {recordType.Name} must be a class with a public parameterless constructor", nameof(recordType));
        }
        var properties = definition is not null ? definition.Properties : FromAttributes(recordType);
        var generator = definition?.EmbeddingGenerator ?? defaultEmbeddingGenerator;
        var parameter = definition is not null ? nameof(definition) : nameof(recordType);
        var what = definition is not null ? "the definition" : $"the record type {recordType.Name}";

        var keys = properties.OfType<VectorStoreKeyProperty>().ToList();
        var vectors = properties.OfType<VectorStoreVectorProperty>().ToList();
        if (keys.Count != 1)
        {
            throw new ArgumentException(keys.Count == 0
                ? $"{what} has no key property ([VectorStoreKey])"
                : $"{what} has {keys.Count} key properties ({string.Join(", ", keys.Select(k => k.Name))}); a record has exactly one", parameter);
        }
        if (vectors.Count != 1)
        {
            throw new ArgumentException(vectors.Count == 0
                ? $"{what} has no vector property ([VectorStoreVector])"
                : $"{what} has {vectors.Count} vector properties ({string.Join(", ", vectors.Select(v => v.Name))}); these stores support one", parameter);
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var storageNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            if (string.IsNullOrWhiteSpace(property.Name))
            {
                throw new ArgumentException($"{what} has a property without a name", parameter);
            }
            if (!names.Add(property.Name) || !storageNames.Add(property.StorageName ?? property.Name))
            {
                throw new ArgumentException($"{what} names the property {property.Name} (or its storage name) twice", parameter);
            }
        }

        RecordKeyProperty? key = null;
        RecordVectorProperty? vector = null;
        var data = new List<RecordDataProperty>();
        foreach (var property in properties)
        {
            var info = dynamic ? null : recordType.GetProperty(property.Name, BindingFlags.Public | BindingFlags.Instance);
            if (!dynamic && (info is null || !info.CanRead || !info.CanWrite))
            {
                throw new ArgumentException($"the record type {recordType.Name} has no public read-write property {property.Name}", parameter);
            }
            var type = property.Type ?? info?.PropertyType
                ?? throw new ArgumentException($"the dynamic property {property.Name} needs a Type in the definition", parameter);
            if (info is not null && info.PropertyType != type)
            {
                throw new ArgumentException($"the definition gives {property.Name} the type {TypeName(type)}, but {recordType.Name}.{property.Name} is {TypeName(info.PropertyType)}", parameter);
            }
            var storageName = property.StorageName ?? property.Name;
            switch (property)
            {
                case VectorStoreKeyProperty:
                    if (!KeyTypes.Contains(type))
                    {
                        throw new ArgumentException($"the key property {property.Name} is {TypeName(type)}; keys must be one of {Names(KeyTypes)}", parameter);
                    }
                    key = new RecordKeyProperty(property.Name, storageName, type, info);
                    break;
                case VectorStoreDataProperty d:
                    if (!DataTypes.Contains(Nullable.GetUnderlyingType(type) ?? type))
                    {
                        throw new ArgumentException($"the data property {property.Name} is {TypeName(type)}; data must be one of {Names(DataTypes)}", parameter);
                    }
                    data.Add(new RecordDataProperty(property.Name, storageName, type, info, d.IsIndexed, d.IsFullTextIndexed));
                    break;
                case VectorStoreVectorProperty v:
                    vector = VectorProperty(v, type, storageName, info, generator, parameter);
                    break;
                default:
                    throw new ArgumentException($"the property {property.Name} is a {property.GetType().Name}, not a key, data or vector property", parameter);
            }
        }
        return new RecordModel(recordType, key!, data, vector!);
    }

    /// <summary>The key, data or vector property named <paramref name="name"/> (its name in the record type).</summary>
    /// <exception cref="ArgumentException">No such property.</exception>
    public RecordProperty Property(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out var property) ? property
            : throw new ArgumentException($"the record type {RecordType.Name} has no stored property {name}", nameof(name));
    }

    /// <summary>The property a selector such as <c>r =&gt; r.Year</c> (or <c>r =&gt; r["Year"]</c> for dictionaries) reads.</summary>
    /// <exception cref="NotSupportedException">The selector does anything else.</exception>
    public RecordProperty Property(LambdaExpression selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new FilterParser(this, selector.Parameters[0]).Selected(selector.Body);
    }

    /// <summary>A new, empty record of <see cref="RecordType"/>.</summary>
    public object CreateRecord() => IsDynamic ? new Dictionary<string, object?>(StringComparer.Ordinal) : Activator.CreateInstance(RecordType)!;

    private static RecordVectorProperty VectorProperty(
        VectorStoreVectorProperty property, Type type, string storageName, PropertyInfo? info, IEmbeddingGenerator? generator, string parameter)
    {
        if (!VectorTypes.Contains(type))
        {
            throw new ArgumentException($"the vector property {property.Name} is {TypeName(type)}; vectors must be one of {Names(VectorTypes)}", parameter);
        }
        var distance = property.DistanceFunction ?? DistanceFunction.CosineSimilarity;
        if (!DistanceFunctions.Contains(distance))
        {
            throw new ArgumentException($"the vector property {property.Name} uses the distance function {distance}; supported: {string.Join(", ", DistanceFunctions)}", parameter);
        }
        var index = property.IndexKind ?? IndexKind.Flat;
        if (!IndexKinds.Contains(index))
        {
            throw new ArgumentException($"the vector property {property.Name} asks for the index kind {index}; supported: {string.Join(", ", IndexKinds)}", parameter);
        }
        var chosen = property.EmbeddingGenerator ?? generator;
        if (chosen is not null and not IEmbeddingGenerator<string, Embedding<float>>)
        {
            throw new ArgumentException($"the embedding generator for {property.Name} must turn strings into Embedding<float>; {chosen.GetType().Name} does not", parameter);
        }
        return new RecordVectorProperty(property.Name, storageName, type, info, property.Dimensions, distance, index, chosen as IEmbeddingGenerator<string, Embedding<float>>);
    }

    private static List<VectorStoreProperty> FromAttributes(Type recordType)
    {
        var properties = new List<VectorStoreProperty>();
        foreach (var info in recordType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (info.GetCustomAttribute<VectorStoreKeyAttribute>() is { } key)
            {
                properties.Add(new VectorStoreKeyProperty(info.Name, info.PropertyType) { StorageName = key.StorageName });
            }
            if (info.GetCustomAttribute<VectorStoreDataAttribute>() is { } data)
            {
                properties.Add(new VectorStoreDataProperty(info.Name, info.PropertyType)
                {
                    StorageName = data.StorageName,
                    IsIndexed = data.IsIndexed,
                    IsFullTextIndexed = data.IsFullTextIndexed,
                });
            }
            if (info.GetCustomAttribute<VectorStoreVectorAttribute>() is { } vector)
            {
                properties.Add(new VectorStoreVectorProperty(info.Name, info.PropertyType, vector.Dimensions)
                {
                    StorageName = vector.StorageName,
                    DistanceFunction = vector.DistanceFunction,
                    IndexKind = vector.IndexKind,
                });
            }
        }
        return properties;
    }

    private static string Names(IEnumerable<Type> types) => string.Join(", ", types.Select(TypeName));

    internal static string TypeName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } underlying ? TypeName(underlying) + "?"
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;
}

using System.Text;
using Microsoft.Extensions.VectorData;
using Npgsql;
using NpgsqlTypes;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// The pieces of SQL the PostgreSQL store writes: quoted identifiers, column types for the record model's .NET types,
/// typed parameters, and pgvector's operator, operator class and score for each distance function.
/// </summary>
internal static class PostgresSql
{
    /// <summary>PostgreSQL cuts longer identifiers short (NAMEDATALEN − 1 bytes), so two long names could become one.</summary>
    public const int MaxIdentifierBytes = 63;

    /// <summary><paramref name="name"/> as a quoted identifier: any text except NUL, embedded quotes doubled.</summary>
    public static string Quote(string name) => '"' + name.Replace("\"", "\"\"", StringComparison.Ordinal) + '"';

    /// <summary>Refuses a name PostgreSQL would not keep as it is.</summary>
    public static void CheckIdentifier(string name, string what, string parameterName)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"the {what} must be non-empty text without NUL characters", parameterName);
        }
        if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
        {
            throw new ArgumentException($"the {what} '{name}' is longer than PostgreSQL's {MaxIdentifierBytes} bytes for a name", parameterName);
        }
    }

    /// <summary>The column type for a key or data property's .NET type (nullable value types as their underlying type).</summary>
    public static string ColumnType(Type type) => DbType(type) switch
    {
        NpgsqlDbType.Text => "text",
        NpgsqlDbType.Integer => "integer",
        NpgsqlDbType.Bigint => "bigint",
        NpgsqlDbType.Real => "real",
        NpgsqlDbType.Double => "double precision",
        NpgsqlDbType.Boolean => "boolean",
        NpgsqlDbType.Uuid => "uuid",
        NpgsqlDbType.TimestampTz => "timestamptz",
        var other => throw new InvalidOperationException($"no column type for {other}"),
    };

    /// <summary>The parameter type for a key or data property's .NET type (one of <see cref="RecordModel.DataTypes"/>).</summary>
    public static NpgsqlDbType DbType(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) ? NpgsqlDbType.Text
            : underlying == typeof(int) ? NpgsqlDbType.Integer
            : underlying == typeof(long) ? NpgsqlDbType.Bigint
            : underlying == typeof(float) ? NpgsqlDbType.Real
            : underlying == typeof(double) ? NpgsqlDbType.Double
            : underlying == typeof(bool) ? NpgsqlDbType.Boolean
            : underlying == typeof(Guid) ? NpgsqlDbType.Uuid
            : underlying == typeof(DateTimeOffset) ? NpgsqlDbType.TimestampTz
            : throw new NotSupportedException($"the PostgreSQL store has no column type for {RecordModel.TypeName(type)}");
    }

    /// <summary>Whether a property's column may hold NULL (reference types and nullable value types).</summary>
    public static bool IsNullable(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    /// <summary>A positional parameter for a value of a key or data property; timestamps go as UTC, which timestamptz requires.</summary>
    public static NpgsqlParameter Parameter(object? value, Type type) => new()
    {
        NpgsqlDbType = DbType(type),
        Value = value switch
        {
            null => DBNull.Value,
            DateTimeOffset time => time.ToUniversalTime(),
            _ => value,
        },
    };

    /// <summary>Reads a key or data column as the property's .NET type (null for SQL NULL).</summary>
    public static object? Read(NpgsqlDataReader reader, int ordinal, Type type)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(DateTimeOffset) ? reader.GetFieldValue<DateTimeOffset>(ordinal) : reader.GetValue(ordinal);
    }

    /// <summary>pgvector's distance operator for a distance function (each is ascending: smaller is closer).</summary>
    public static string DistanceOperator(string distanceFunction) => distanceFunction switch
    {
        DistanceFunction.CosineSimilarity or DistanceFunction.CosineDistance => "<=>",
        DistanceFunction.DotProductSimilarity => "<#>", // the negative inner product
        DistanceFunction.EuclideanDistance => "<->",
        _ => throw new NotSupportedException($"the PostgreSQL store does not support the distance function {distanceFunction}"),
    };

    /// <summary>The HNSW operator class that serves <see cref="DistanceOperator"/>.</summary>
    public static string OperatorClass(string distanceFunction) => distanceFunction switch
    {
        DistanceFunction.CosineSimilarity or DistanceFunction.CosineDistance => "vector_cosine_ops",
        DistanceFunction.DotProductSimilarity => "vector_ip_ops",
        DistanceFunction.EuclideanDistance => "vector_l2_ops",
        _ => throw new NotSupportedException($"the PostgreSQL store does not support the distance function {distanceFunction}"),
    };

    /// <summary>
    /// The score a distance function reports, as SQL over <paramref name="distance"/> (what <see cref="DistanceOperator"/>
    /// gives): cosine similarity is 1 − cosine distance and dot-product similarity undoes pgvector's negation, so the
    /// scores equal the in-process store's.
    /// </summary>
    public static string Score(string distanceFunction, string distance) => distanceFunction switch
    {
        DistanceFunction.CosineSimilarity => $"(1 - ({distance}))",
        DistanceFunction.DotProductSimilarity => $"(-({distance}))",
        _ => $"({distance})",
    };
}

using Npgsql;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// Turns a <see cref="RecordFilter"/> into a SQL condition whose values are positional parameters, never text in the
/// statement. SQL compares with NULL in three-valued logic, C# in two; each comparison on a nullable column is written
/// so that it is true or false, never NULL, and so <c>!</c>, <c>&amp;&amp;</c> and <c>||</c> select what the in-process
/// store selects (<see cref="RecordFilter.Matches"/>): <c>x != v</c> holds when x is NULL, an ordering never does.
/// </summary>
internal static class PostgresFilterTranslation
{
    /// <summary>The condition for <paramref name="filter"/>; its values are appended to <paramref name="parameters"/>.</summary>
    public static string ToSql(RecordFilter filter, List<NpgsqlParameter> parameters) => filter switch
    {
        ConstantFilter constant => constant.Value ? "TRUE" : "FALSE",
        AndFilter and => $"({ToSql(and.Left, parameters)} AND {ToSql(and.Right, parameters)})",
        OrFilter or => $"({ToSql(or.Left, parameters)} OR {ToSql(or.Right, parameters)})",
        NotFilter not => $"(NOT {ToSql(not.Operand, parameters)})",
        ComparisonFilter comparison => Comparison(comparison, parameters),
        _ => throw new NotSupportedException($"the PostgreSQL store cannot translate the filter {filter}"),
    };

    private static string Comparison(ComparisonFilter comparison, List<NpgsqlParameter> parameters)
    {
        var property = comparison.Property;
        var column = PostgresSql.Quote(property.StorageName);
        if (comparison.Value is null)
        {
            return comparison.Operator switch
            {
                ComparisonOperator.Equal => $"({column} IS NULL)",
                ComparisonOperator.NotEqual => $"({column} IS NOT NULL)",
                _ => "FALSE",
            };
        }
        var type = Nullable.GetUnderlyingType(property.Type) ?? property.Type;
        var ordering = comparison.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual);
        if (ordering && (type == typeof(Guid) || type == typeof(bool)))
        {
            throw new NotSupportedException($"the PostgreSQL store does not order {RecordModel.TypeName(property.Type)} values ({property.Name} {comparison.Operator})");
        }
        parameters.Add(PostgresSql.Parameter(comparison.Value, property.Type));
        // Byte order of UTF-8 is code point order, which is .NET's ordinal order except beyond U+FFFF.
        var left = ordering && type == typeof(string) ? $"{column} COLLATE \"C\"" : column;
        var condition = $"{left} {Operator(comparison.Operator)} ${parameters.Count}";
        if (!PostgresSql.IsNullable(property.Type))
        {
            return $"({condition})";
        }
        return comparison.Operator == ComparisonOperator.NotEqual
            ? $"({column} IS NULL OR {condition})"
            : $"({column} IS NOT NULL AND {condition})";
    }

    private static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        _ => throw new NotSupportedException($"unknown comparison {op}"),
    };
}

using LlmWorkbook.Rag.VectorStores;
using Microsoft.Extensions.VectorData;
using Npgsql;
using NpgsqlTypes;

namespace LlmWorkbook.Tests.Rag;

public sealed class PostgresFilterTranslationTests
{
    private sealed class Row
    {
        [VectorStoreKey] public string Id { get; set; } = "";
        [VectorStoreData] public int Year { get; set; }
        [VectorStoreData(StorageName = "party name")] public string? Party { get; set; }
        [VectorStoreData] public double? Weight { get; set; }
        [VectorStoreData] public bool Current { get; set; }
        [VectorStoreVector(2)] public ReadOnlyMemory<float> Vector { get; set; }
    }

    private static readonly RecordModel Model = RecordModel.For<Row>();

    private static (string Sql, List<NpgsqlParameter> Parameters) Translate(System.Linq.Expressions.Expression<Func<Row, bool>> filter)
    {
        var parameters = new List<NpgsqlParameter>();
        return (PostgresFilterTranslation.ToSql(RecordFilter.Parse(filter, Model), parameters), parameters);
    }

    [Fact]
    public void Values_become_typed_positional_parameters_and_columns_quoted_identifiers()
    {
        var (from, party) = (1900, "Whig\"; DROP TABLE x; --");
        var (sql, parameters) = Translate(r => r.Year >= from && r.Year < 1950 && r.Party == party);
        Assert.Equal("(((\"Year\" >= $1) AND (\"Year\" < $2)) AND (\"party name\" IS NOT NULL AND \"party name\" = $3))", sql);
        Assert.Equal([1900, 1950, (object)party], parameters.Select(p => p.Value));
        Assert.Equal([NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Text], parameters.Select(p => p.NpgsqlDbType));
    }

    [Fact]
    public void Comparisons_on_nullable_columns_are_never_null_so_not_keeps_csharp_meaning()
    {
        Assert.Equal("(\"Weight\" IS NULL OR \"Weight\" <> $1)", Translate(r => r.Weight != 2.5).Sql);
        Assert.Equal("(NOT (\"Weight\" IS NOT NULL AND \"Weight\" > $1))", Translate(r => !(r.Weight > 2.5)).Sql);
        Assert.Equal("(\"party name\" IS NULL)", Translate(r => r.Party == null).Sql);
        Assert.Equal("(\"Current\" = $1)", Translate(r => r.Current).Sql);
        Assert.Equal("(TRUE OR (\"Year\" <> $1))", Translate(r => true || r.Year != 3).Sql);
    }

    [Fact]
    public void Ordering_guids_or_bools_is_refused_since_postgres_orders_them_differently()
    {
        var parameters = new List<NpgsqlParameter>();
        var current = Model.Property(nameof(Row.Current));
        Assert.Throws<NotSupportedException>(() =>
            PostgresFilterTranslation.ToSql(new ComparisonFilter(current, ComparisonOperator.LessThan, true), parameters));
    }
}

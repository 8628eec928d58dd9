using System.Linq.Expressions;
using LlmWorkbook.Rag.VectorStores;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Tests.Rag;

public sealed class RecordFilterTests
{
    public sealed class Speech
    {
        [VectorStoreKey]
        public string Id { get; set; } = "";

        [VectorStoreData(IsIndexed = true)]
        public int Year { get; set; }

        [VectorStoreData(IsIndexed = true)]
        public string? Party { get; set; }

        [VectorStoreData]
        public bool Written { get; set; }

        [VectorStoreData]
        public long? Words { get; set; }

        [VectorStoreVector(2)]
        public ReadOnlyMemory<float> Embedding { get; set; }

        public string Unstored { get; set; } = "";
    }

    private static readonly long? NoWords = null;

    private static readonly RecordModel Model = RecordModel.For<Speech>();

    private static readonly Speech[] Speeches =
    [
        new() { Id = "a", Year = 1790, Party = "Federalist", Written = false, Words = 1089 },
        new() { Id = "b", Year = 1801, Party = "Democratic-Republican", Written = true, Words = 3224 },
        new() { Id = "c", Year = 1862, Party = "Republican", Written = true, Words = null },
        new() { Id = "d", Year = 1933, Party = "Democratic", Written = false, Words = 2000 },
        new() { Id = "e", Year = 2001, Party = null, Written = false, Words = 4000 },
    ];

    private static RecordFilter Parse(Expression<Func<Speech, bool>> filter) => RecordFilter.Parse(filter, Model);

    private static string Matching(Expression<Func<Speech, bool>> filter)
    {
        var parsed = Parse(filter);
        var compiled = filter.Compile();
        var matching = Speeches.Where(s => parsed.Matches(p => p.GetValue(s))).ToList();
        Assert.Equal(Speeches.Where(compiled), matching);
        return string.Concat(matching.Select(s => s.Id));
    }

    [Fact]
    public void Comparisons_parse_to_the_property_the_operator_and_a_value_of_the_property_type()
    {
        var from = 1850;
        Assert.Equal(new ComparisonFilter(Model.Property("Year"), ComparisonOperator.GreaterThanOrEqual, 1850), Parse(s => s.Year >= from));
        Assert.Equal(new ComparisonFilter(Model.Property("Year"), ComparisonOperator.LessThan, 1850), Parse(s => 1850 > s.Year));
        Assert.Equal(new ComparisonFilter(Model.Property("Words"), ComparisonOperator.Equal, 1089L), Parse(s => s.Words == 1089));
        Assert.Equal(new ComparisonFilter(Model.Property("Party"), ComparisonOperator.NotEqual, null), Parse(s => s.Party != null));
        Assert.Equal(new ComparisonFilter(Model.Property("Written"), ComparisonOperator.Equal, true), Parse(s => s.Written));
        Assert.Equal(new ComparisonFilter(Model.Property("Id"), ComparisonOperator.Equal, "c"), Parse(s => s.Id == "c"));
        Assert.Equal(new ConstantFilter(true), Parse(s => true));
        Assert.Equal(
            new AndFilter(
                new ComparisonFilter(Model.Property("Year"), ComparisonOperator.GreaterThanOrEqual, 1800),
                new NotFilter(new ComparisonFilter(Model.Property("Party"), ComparisonOperator.Equal, "Republican"))),
            Parse(s => s.Year >= 1800 && !(s.Party == "Republican")));
    }

    [Fact]
    public void Parsed_filters_select_the_same_records_as_the_compiled_expression()
    {
        var party = "Democratic";
        var range = (From: 1800, To: 1950);
        Assert.Equal("bcd", Matching(s => s.Year >= range.From && s.Year <= range.To));
        Assert.Equal("d", Matching(s => s.Party == party));
        Assert.Equal("abce", Matching(s => s.Party != party));
        Assert.Equal("ade", Matching(s => s.Year < 1800 || s.Year > 1900));
        Assert.Equal("bc", Matching(s => s.Written));
        Assert.Equal("ade", Matching(s => !s.Written));
        Assert.Equal("e", Matching(s => s.Party == null));
        Assert.Equal("bde", Matching(s => s.Words >= 2000));
        Assert.Equal("c", Matching(s => s.Words == null));
        Assert.Equal("abcde", Matching(s => true));
        Assert.Equal("", Matching(s => s.Year > 1800 && false));
        Assert.Equal("b", Matching(s => s.Id == "b"));
        Assert.Equal("ac", Matching(s => !(s.Year > 1790 && s.Year < 1850) && (s.Party == "Federalist" || s.Year == 1862)));
    }

    [Theory]
    [InlineData("StartsWith", "a call to String.StartsWith")]
    [InlineData("Length", "the member Length")]
    [InlineData("Arithmetic", "the operator Add")]
    [InlineData("TwoProperties", "compares two properties")]
    [InlineData("Unstored", "Unstored")]
    [InlineData("Vector", "the vector property Embedding")]
    [InlineData("Conditional", "a conditional")]
    [InlineData("LossyValue", "cannot hold exactly")]
    [InlineData("OrderedNull", "only == and != may compare with null")]
    public void Constructs_outside_the_subset_are_refused_by_name(string construct, string named)
    {
        Expression<Func<Speech, bool>> filter = construct switch
        {
            "StartsWith" => s => s.Party!.StartsWith("Dem"),
            "Length" => s => s.Party!.Length > 3,
            "Arithmetic" => s => s.Year + 1 > 1800,
            "TwoProperties" => s => s.Year == s.Words,
            "Unstored" => s => s.Unstored == "x",
            "Vector" => s => (object)s.Embedding == null,
            "Conditional" => s => s.Written ? s.Year > 1800 : s.Year > 1900,
            "LossyValue" => s => s.Year >= 1800.5,
            "OrderedNull" => s => s.Words > NoWords,
            _ => throw new ArgumentOutOfRangeException(nameof(construct)),
        };
        var error = Assert.Throws<NotSupportedException>(() => Parse(filter));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Dictionary_records_are_filtered_through_their_indexer()
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Id", typeof(string)),
                new VectorStoreDataProperty("Year", typeof(int)),
                new VectorStoreVectorProperty("Embedding", typeof(float[]), 2),
            ],
        };
        var model = RecordModel.For<Dictionary<string, object?>>(definition);
        var parsed = RecordFilter.Parse<Dictionary<string, object?>>(r => (int)r["Year"]! > 1900, model);
        Assert.Equal(new ComparisonFilter(model.Property("Year"), ComparisonOperator.GreaterThan, 1900), parsed);
        Assert.Throws<NotSupportedException>(() => RecordFilter.Parse<Dictionary<string, object?>>(r => (int)r["Month"]! > 1, model));
    }
}

using System.Text.Json;
using LlmWorkbook.Prompting;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Prompting;

public sealed class JsonSchemaValidatorTests
{
    public enum Party { Federalist, Whig, Democratic, Republican }

    public sealed record Item(string Name, int Count);

    public sealed record Address(int Year, string President, Party Party, Party? Previous, string? Note, double Share, bool Delivered, List<string> Countries, Item[] Items, Item Main);

    /// <summary>MEAI's schema with every property required and no others allowed (OpenAI's strict mode).</summary>
    private static readonly JsonElement AddressSchema = AIJsonUtilities.CreateJsonSchema(typeof(Address),
        inferenceOptions: new() { TransformOptions = new() { DisallowAdditionalProperties = true, RequireAllProperties = true } });

    private const string ValidAddress = """
        {"year": 1849, "president": "Zachary Taylor", "party": "Whig", "previous": null, "note": null, "share": 0.5,
         "delivered": true, "countries": ["Mexico"], "items": [{"name": "a", "count": 1}], "main": {"name": "b", "count": 2}}
        """;

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static List<string> Errors(JsonElement schema, string value) =>
        JsonSchemaValidator.Validate(schema, Json(value)).Select(e => e.ToString()).ToList();

    private static List<string> Errors(string schema, string value) => Errors(Json(schema), value);

    private static string WithAddress(string property, string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(ValidAddress)!.AsObject();
        node[property] = System.Text.Json.Nodes.JsonNode.Parse(json);
        return node.ToJsonString();
    }

    [Fact]
    public void A_value_that_fits_meai_s_schema_has_no_errors()
    {
        Assert.Empty(Errors(AddressSchema, ValidAddress));
        Assert.Empty(Errors(AddressSchema, WithAddress("previous", "\"Federalist\"")));
        Assert.Empty(Errors(AddressSchema, WithAddress("note", "\"a note\"")));
        Assert.Empty(Errors(AddressSchema, WithAddress("share", "1")));
        Assert.Empty(Errors(AddressSchema, WithAddress("year", "1849.0")));
        Assert.Empty(Errors(AddressSchema, WithAddress("countries", "[]")));
    }

    [Fact]
    public void Each_break_of_meai_s_schema_is_reported_at_its_path()
    {
        Assert.Equal(["$.year: expected integer, got string \"1849\""], Errors(AddressSchema, WithAddress("year", "\"1849\"")));
        Assert.Equal(["$.year: expected integer, got number 1849.5"], Errors(AddressSchema, WithAddress("year", "1849.5")));
        Assert.Equal(["$.president: expected string, got null"], Errors(AddressSchema, WithAddress("president", "null")));
        Assert.Equal(["$.note: expected string or null, got integer 3"], Errors(AddressSchema, WithAddress("note", "3")));
        Assert.Equal(["$.party: string \"Tory\" is not one of [\"Federalist\",\"Whig\",\"Democratic\",\"Republican\"]"],
            Errors(AddressSchema, WithAddress("party", "\"Tory\"")));
        Assert.Single(Errors(AddressSchema, WithAddress("previous", "\"Tory\"")));
        Assert.Equal(["$.delivered: expected boolean, got string \"yes\""], Errors(AddressSchema, WithAddress("delivered", "\"yes\"")));
        Assert.Equal(["$.share: expected number, got string \"half\""], Errors(AddressSchema, WithAddress("share", "\"half\"")));
        Assert.Equal(["$.countries: expected array, got string \"Mexico\""], Errors(AddressSchema, WithAddress("countries", "\"Mexico\"")));
        Assert.Equal(["$.countries[1]: expected string, got integer 2"], Errors(AddressSchema, WithAddress("countries", "[\"a\", 2]")));
        Assert.Equal(["$.items[1].count: expected integer, got string \"2\"", "$.items[2]: expected object, got an array"],
            Errors(AddressSchema, WithAddress("items", "[{\"name\": \"a\", \"count\": 1}, {\"name\": \"b\", \"count\": \"2\"}, []]")));
        Assert.Equal(["$.main.count: the required property is missing", "$.main.extra: the property is not allowed (additionalProperties is false)"],
            Errors(AddressSchema, WithAddress("main", "{\"name\": \"b\", \"extra\": 1}")));
        Assert.Equal(["$: expected object, got an array"], Errors(AddressSchema, "[]"));
    }

    [Fact]
    public void Every_error_is_listed_not_only_the_first()
    {
        var errors = Errors(AddressSchema, """{"year": "x", "president": 1, "Party": "Whig", "extra": true}""");
        Assert.Equal(
        [
            "$.party: the required property is missing",
            "$.previous: the required property is missing",
            "$.note: the required property is missing",
            "$.share: the required property is missing",
            "$.delivered: the required property is missing",
            "$.countries: the required property is missing",
            "$.items: the required property is missing",
            "$.main: the required property is missing",
            "$.year: expected integer, got string \"x\"",
            "$.president: expected string, got integer 1",
            "$.Party: the property is not allowed (additionalProperties is false)",
            "$.extra: the property is not allowed (additionalProperties is false)",
        ], errors);
    }

    [Fact]
    public void The_schema_of_a_list_checks_every_item()
    {
        var schema = AIJsonUtilities.CreateJsonSchema(typeof(List<Item>));
        Assert.Empty(Errors(schema, """[{"name": "a", "count": 1}]"""));
        Assert.Equal(["$[0].name: the required property is missing"], Errors(schema, """[{"count": 1}]"""));
    }

    [Fact]
    public void Additional_properties_may_be_a_schema_and_are_free_without_the_keyword()
    {
        const string schema = """{"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}}""";
        Assert.Empty(Errors(schema, """{"a": "x", "b": 1, "c": 2}"""));
        Assert.Equal(["$.b: expected integer, got string \"y\""], Errors(schema, """{"a": "x", "b": "y"}"""));
        Assert.Empty(Errors("""{"type": "object", "properties": {"a": {"type": "string"}}}""", """{"a": "x", "b": "y"}"""));
    }

    [Fact]
    public void Odd_property_names_are_quoted_in_paths()
    {
        const string schema = """{"type": "object", "required": ["first name", "it's", "ok_1"]}""";
        Assert.Equal(["$['first name']: the required property is missing", "$['it\\'s']: the required property is missing", "$.ok_1: the required property is missing"],
            Errors(schema, "{}"));
    }

    [Fact]
    public void Bounds_on_strings_arrays_and_numbers()
    {
        const string schema = """
            {"type": "object", "properties": {
              "code": {"type": "string", "minLength": 2, "maxLength": 3, "pattern": "^[A-Z]+$"},
              "tags": {"type": "array", "minItems": 1, "maxItems": 2},
              "share": {"type": "number", "minimum": 0, "maximum": 1},
              "rank": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10}}}
            """;
        Assert.Empty(Errors(schema, """{"code": "US", "tags": ["a"], "share": 1, "rank": 9}"""));
        Assert.Equal(
        [
            "$.code: has 1 characters, fewer than the minimum 2",
            "$.tags: has 0 items, fewer than the minimum 1",
            "$.share: -0.1 is not at least 0",
            "$.rank: 0 is not more than 0",
        ], Errors(schema, """{"code": "U", "tags": [], "share": -0.1, "rank": 0}"""));
        Assert.Equal(
        [
            "$.code: has 4 characters, more than the maximum 3",
            "$.tags: has 3 items, more than the maximum 2",
            "$.share: 1.5 is not at most 1",
            "$.rank: 10 is not less than 10",
        ], Errors(schema, """{"code": "USAX", "tags": [1, 2, 3], "share": 1.5, "rank": 10}"""));
        Assert.Equal(["$.code: string \"us\" does not match the pattern \"^[A-Z]+$\""], Errors(schema, """{"code": "us"}"""));
    }

    [Fact]
    public void String_lengths_count_code_points_not_utf16_units()
    {
        const string schema = """{"type": "string", "maxLength": 2}""";
        Assert.Empty(Errors(schema, "\"😀😀\""));
        Assert.Equal(["$: has 3 characters, more than the maximum 2"], Errors(schema, "\"😀😀😀\""));
    }

    [Fact]
    public void Enum_and_const_compare_whole_values()
    {
        Assert.Empty(Errors("""{"enum": [1, "a", null, {"x": [1]}]}""", """{"x": [1]}"""));
        Assert.Empty(Errors("""{"enum": [1, "a"]}""", "1.0"));
        Assert.Equal(["$: string \"b\" is not one of [1, \"a\"]"], Errors("""{"enum": [1, "a"]}""", "\"b\""));
        Assert.Equal(["$: an object is not {\"x\": 2}"], Errors("""{"const": {"x": 2}}""", """{"x": 1}"""));
    }

    [Fact]
    public void Combinations_any_one_and_all()
    {
        const string anyOf = """{"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0}]}""";
        Assert.Empty(Errors(anyOf, "\"x\""));
        Assert.Empty(Errors(anyOf, "3"));
        Assert.Equal(["$: matches none of the anyOf schemas (1: expected string, got integer -3; 2: -3 is not at least 0)"], Errors(anyOf, "-3"));
        const string oneOf = """{"oneOf": [{"type": "integer"}, {"type": "number"}]}""";
        Assert.Empty(Errors(oneOf, "1.5"));
        Assert.Equal(["$: matches 2 of the oneOf schemas, not exactly one"], Errors(oneOf, "1"));
        Assert.Equal(["$: matches 0 of the oneOf schemas, not exactly one"], Errors(oneOf, "\"x\""));
        Assert.Equal(["$: -1 is not at least 0", "$: -1 is not at most -2"],
            Errors("""{"allOf": [{"minimum": 0}, {"maximum": -2}]}""", "-1"));
    }

    [Fact]
    public void Local_references_resolve_including_recursion()
    {
        const string schema = """
            {"$defs": {"node": {"type": "object", "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
                                 "required": ["name"], "additionalProperties": false}},
             "$ref": "#/$defs/node"}
            """;
        Assert.Empty(Errors(schema, """{"name": "root", "children": [{"name": "a", "children": [{"name": "b"}]}]}"""));
        Assert.Equal(["$.children[0].children[0].name: expected string, got integer 1"],
            Errors(schema, """{"name": "root", "children": [{"name": "a", "children": [{"name": 1}]}]}"""));
        Assert.Equal(["$[1]: expected integer, got string \"x\""],
            Errors("""{"type": "array", "items": {"$ref": "#/$defs/n~1m"}, "$defs": {"n/m": {"type": "integer"}}}""", "[1, \"x\"]"));
        Assert.Throws<ArgumentException>(() => Errors("""{"$ref": "#/$defs/missing"}""", "1"));
        Assert.Throws<NotSupportedException>(() => Errors("""{"$ref": "https://example.com/schema"}""", "1"));
        Assert.Throws<NotSupportedException>(() => Errors("""{"$ref": "#"}""", "1"));
    }

    [Fact]
    public void Boolean_schemas_accept_everything_or_nothing()
    {
        Assert.Empty(Errors("true", """{"anything": [1]}"""));
        Assert.Equal(["$: no value is allowed here (the schema is false)"], Errors("false", "1"));
        Assert.Equal(["$.b: no value is allowed here (the schema is false)"], Errors("""{"properties": {"b": false}}""", """{"a": 1, "b": 2}"""));
    }

    [Fact]
    public void Annotations_are_ignored_and_unknown_assertions_are_refused()
    {
        Assert.Empty(Errors("""{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "t", "description": "d", "default": 1, "format": "email", "type": "string"}""", "\"not an email\""));
        var refused = Assert.Throws<NotSupportedException>(() => Errors("""{"type": "object", "properties": {"a": {"uniqueItems": true}}}""", """{"a": [1, 1]}"""));
        Assert.Contains("'uniqueItems' (at #/properties/a)", refused.Message);
        Assert.Throws<NotSupportedException>(() => Errors("""{"not": {"type": "string"}}""", "1"));
        Assert.Throws<NotSupportedException>(() => Errors("""{"type": "date"}""", "1"));
        Assert.Throws<ArgumentException>(() => Errors("3", "1"));
    }

    [Fact]
    public void A_wrong_type_is_one_error_not_a_cascade()
    {
        Assert.Equal(["$: expected object, got string \"x\""], Errors("""{"type": "object", "required": ["a", "b"], "minLength": 5}""", "\"x\""));
    }

    [Fact]
    public void Long_strings_are_shortened_in_messages()
    {
        var error = Errors("""{"type": "integer"}""", $"\"{new string('a', 100)}\"").Single();
        Assert.Equal($"$: expected integer, got string \"{new string('a', 36)}…", error);
    }
}

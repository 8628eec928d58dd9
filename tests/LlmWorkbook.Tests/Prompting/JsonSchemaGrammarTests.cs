using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LlmWorkbook.Prompting;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Prompting;

public sealed class JsonSchemaGrammarTests
{
    internal enum Tint
    {
        Red,
        Green,
        DarkBlue,
    }

    internal sealed record Address(string Street, int Number);

    internal sealed record Person(string Name, int Age, double Height, bool Active, Tint Favorite, string? Nick, List<string> Tags, Address Home);

    internal sealed record Node(string Name, Node? Next, List<Node> Children);

    /// <summary>How .NET writes a record as compact JSON with every property: what the grammar must accept.</summary>
    internal static readonly JsonSerializerOptions Compact = new(AIJsonUtilities.DefaultOptions)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSchemaGrammar People = Grammar<Person>();

    internal const string Ada = """{"name":"Ada","age":36,"height":1.75,"active":true,"favorite":"Green","nick":null,"tags":["a","b"],"home":{"street":"Main","number":5}}""";

    internal static JsonSchemaGrammar Grammar<T>(JsonGrammarLimits? limits = null) =>
        JsonSchemaGrammar.FromSchema(AIJsonUtilities.CreateJsonSchema(typeof(T)), limits);

    private static JsonSchemaGrammar Grammar(string schema, JsonGrammarLimits? limits = null) =>
        JsonSchemaGrammar.FromSchema(JsonDocument.Parse(schema).RootElement, limits);

    [Theory]
    [InlineData(Ada)]
    [InlineData("""{"name":"","age":-0,"height":-0.5,"active":false,"favorite":"DarkBlue","nick":"Z","tags":[],"home":{"street":"","number":0}}""")]
    [InlineData("""{"name":"Lövelace 😀 中文","age":123456789,"height":12,"active":true,"favorite":"Red","nick":"\"\\\/\b\f\n\r\t","tags":["x"],"home":{"street":"\u00e9\uD83D\uDE00\uFFFF","number":-7}}""")]
    public void Whole_documents_for_the_schema_are_complete_and_each_of_their_prefixes_is_valid(string document)
    {
        Assert.True(People.IsComplete(document));
        var bytes = Encoding.UTF8.GetBytes(document);
        for (var i = 0; i < bytes.Length; i++)
        {
            Assert.True(People.IsValidPrefix(bytes.AsSpan(0, i)), $"prefix of {i} bytes: {Encoding.UTF8.GetString(bytes, 0, i)}");
            Assert.False(People.IsComplete(bytes.AsSpan(0, i)), $"prefix of {i} bytes is not yet a document");
        }
    }

    [Theory]
    [InlineData("{ ", "whitespace")]
    [InlineData("{\"name\": ", "whitespace")]
    [InlineData("{\"a", "properties in another order")]
    [InlineData("{\"name\":\"Ada\",\"h", "a property left out")]
    [InlineData("{\"name\":\"Ada\",\"age\":36,\"height\":1.75,\"active\":true,\"favorite\":\"Green\",\"nick\":null,\"tags\":[],\"home\":{\"street\":\"\",\"number\":5},", "an extra property")]
    [InlineData(Ada + "}", "anything after the document")]
    [InlineData(Ada + " ", "trailing whitespace")]
    [InlineData("{\"name\":n", "null for a string that is not nullable")]
    [InlineData("{\"name\":\"Ada\",\"age\":3.", "a fraction on an integer")]
    [InlineData("{\"name\":\"Ada\",\"age\":1e", "an exponent")]
    [InlineData("{\"name\":\"Ada\",\"age\":01", "a leading zero")]
    [InlineData("{\"name\":\"Ada\",\"age\":+", "a plus sign")]
    [InlineData("{\"name\":\"Ada\",\"age\":-,", "a sign without digits")]
    [InlineData("{\"name\":\"Ada\",\"age\":\"", "an integer as a string")]
    [InlineData("{\"name\":\"Ada\",\"age\":36,\"height\":1.,", "a decimal point without digits")]
    [InlineData("{\"name\":\"Ada\",\"age\":36,\"height\":1,\"active\":tru,", "half a literal")]
    [InlineData("{\"name\":\"Ada\",\"age\":36,\"height\":1,\"active\":true,\"favorite\":\"B", "a value outside the enum")]
    [InlineData("{\"name\":\"Ada\",\"age\":36,\"height\":1,\"active\":true,\"favorite\":\"Gree\"", "a prefix of an enum value")]
    [InlineData("{\"name\":\"Ada\",\"age\":36,\"height\":1,\"active\":true,\"favorite\":\"Green\",\"nick\":null,\"tags\":[\"a\",]", "a trailing comma")]
    [InlineData("{\"name\":\"Ada\",\"age\":36,\"height\":1,\"active\":true,\"favorite\":\"Green\",\"nick\":null,\"tags\":[1", "an item of the wrong type")]
    [InlineData("{\"name\":\"a\n", "a raw control character")]
    [InlineData("{\"name\":\"\\x", "an unknown escape")]
    [InlineData("{\"name\":\"\\u12G", "a bad hex digit")]
    [InlineData("{\"name\":\"\\uDC", "a low surrogate first")]
    [InlineData("{\"name\":\"\\uD800\"", "a high surrogate alone")]
    [InlineData("{\"name\":\"\\uD800\\u0", "a high surrogate before a plain escape")]
    public void Invalid_text_is_not_even_a_prefix(string text, string why)
    {
        Assert.False(People.IsValidPrefix(text), why);
        Assert.True(People.IsValidPrefix(text[..^1]), $"the test's text should fail only at its last character ({why})");
    }

    [Theory]
    [InlineData(new byte[] { 0xC0 }, "the lead byte of an overlong encoding")]
    [InlineData(new byte[] { 0xE0, 0x80 }, "an overlong three-byte encoding")]
    [InlineData(new byte[] { 0xED, 0xA0 }, "a UTF-8 surrogate")]
    [InlineData(new byte[] { 0xF4, 0x90 }, "beyond U+10FFFF")]
    [InlineData(new byte[] { 0xE2, 0x82, 0x22 }, "a quote inside a character")]
    [InlineData(new byte[] { 0xFF }, "a byte UTF-8 never uses")]
    [InlineData(new byte[] { 0x80 }, "a continuation byte without a lead byte")]
    [InlineData(new byte[] { 0xC3, 0x41 }, "a lead byte without its continuation")]
    public void Invalid_utf8_in_a_string_is_refused(byte[] bytes, string why)
    {
        var prefix = "{\"name\":\"x"u8.ToArray();
        Assert.False(People.IsValidPrefix([.. prefix, .. bytes]), why);
        Assert.True(People.IsValidPrefix([.. prefix, .. bytes[..^1]]), why);
    }

    [Fact]
    public void Documents_that_dotnet_writes_for_the_record_are_accepted()
    {
        Person[] people =
        [
            new("Ada", 36, 1.75, true, Tint.Green, null, ["a", "b"], new("Main", 5)),
            new("Émile \"the\" 😀\n", -12, -0.001, false, Tint.DarkBlue, "\t", [], new("中文", 999_999_999)),
        ];
        foreach (var person in people)
        {
            var json = JsonSerializer.Serialize(person, Compact);
            Assert.True(People.IsComplete(json), json);
        }
    }

    [Fact]
    public void Strings_numbers_and_arrays_are_bounded_by_the_limits_and_by_the_schema()
    {
        var limits = new JsonGrammarLimits(MaxStringLength: 5, MaxIntegerDigits: 3, MaxNumberDigits: 4, MaxItems: 2);
        var grammar = Grammar("""{"type":"object","properties":{"s":{"type":"string","minLength":2},"t":{"type":"string","maxLength":1},"i":{"type":"integer"},"n":{"type":"number"},"a":{"type":"array","items":{"type":"boolean"},"minItems":1}}}""", limits);

        Assert.True(grammar.IsComplete("""{"s":"ab😀de","t":"é","i":-999,"n":12.34,"a":[true,false]}"""));
        Assert.False(grammar.IsValidPrefix("""{"s":"abcdef"""), "six characters");
        Assert.False(grammar.IsValidPrefix("{\"s\":\"a\""), "below minLength");
        Assert.False(grammar.IsValidPrefix("""{"s":"ab","t":"xy"""), "the schema's maxLength");
        Assert.False(grammar.IsValidPrefix("""{"s":"ab","t":"","i":1234"""), "four integer digits");
        Assert.False(grammar.IsValidPrefix("""{"s":"ab","t":"","i":1,"n":1.2345"""), "five number digits");
        Assert.False(grammar.IsValidPrefix("""{"s":"ab","t":"","i":1,"n":1234."""), "a point with no digit left for after it");
        Assert.False(grammar.IsValidPrefix("""{"s":"ab","t":"","i":1,"n":1,"a":[]"""), "below minItems");
        Assert.False(grammar.IsValidPrefix("""{"s":"ab","t":"","i":1,"n":1,"a":[true,true,"""), "three items");
    }

    [Fact]
    public void Nullable_types_enums_maps_and_recursive_types_follow_the_schema()
    {
        var nodes = Grammar<Node>();
        var map = Grammar<Dictionary<string, int>>();
        var tint = Grammar<Tint?>();

        Assert.True(nodes.IsComplete("""{"name":"a","next":null,"children":[]}"""));
        Assert.True(nodes.IsComplete("""{"name":"a","next":{"name":"b","next":null,"children":[{"name":"c","next":null,"children":[]}]},"children":[]}"""));
        Assert.False(nodes.IsValidPrefix("""{"name":"a","next":{"name":"b","next":null,"children":[null"""));
        Assert.True(map.IsComplete("""{}"""));
        Assert.True(map.IsComplete("""{"a":1,"":-2}"""));
        Assert.False(map.IsValidPrefix("{\"a\":\""), "a string for an integer");
        Assert.True(tint.IsComplete("\"DarkBlue\""));
        Assert.True(tint.IsComplete("null"));
        Assert.False(tint.IsValidPrefix("\"Blue"));
    }

    [Fact]
    public void A_bare_number_is_complete_yet_may_go_on()
    {
        var grammar = Grammar("""{"type":"integer"}""");

        var state = grammar.Start.Advance("12")!;

        Assert.True(state.IsComplete);
        Assert.True(state.Advance((byte)'3') is { IsComplete: true });
        Assert.Null(state.Advance((byte)'}'));
        Assert.False(grammar.IsComplete("-"));
    }

    [Fact]
    public void Any_object_takes_any_keys_and_values_within_the_depth()
    {
        var grammar = JsonSchemaGrammar.AnyObject(new JsonGrammarLimits(MaxDepth: 3));

        Assert.True(grammar.IsComplete("""{"a":[1,{"b":null}],"c":"x","d":-1.5,"e":{},"f":true}"""));
        Assert.True(grammar.IsComplete("{}"));
        Assert.False(grammar.IsValidPrefix("[1]"), "not an object");
        Assert.False(grammar.IsValidPrefix("""{"a":[{"b":["""), "four levels");
    }

    [Fact]
    public void Equal_states_are_at_the_same_place()
    {
        var a = People.Start.Advance("""{"name":"Ada","age":3""")!;
        var b = People.Start.Advance("""{"name":"Bob","age":4""")!;
        var c = People.Start.Advance("""{"name":"Bob","age":41""")!;

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData("""{"type":"string","format":"date-time"}""", "format")]
    [InlineData("""{"type":"integer","minimum":1}""", "minimum")]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"integer"}]}""", "anyOf")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]}""", "requires 'b'")]
    [InlineData("""{"$ref":"other.json#/a"}""", "outside the schema")]
    [InlineData("""{"type":"string","minLength":300}""", "more than the limit")]
    [InlineData("""{"type":"date"}""", "not a JSON schema type")]
    [InlineData("""{"type":"string","enum":[1,2]}""", "nothing is valid")]
    public void Schemas_the_grammar_cannot_enforce_are_refused_by_name(string schema, string message)
    {
        var error = Assert.Throws<NotSupportedException>(() => Grammar(schema));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Limits_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JsonSchemaGrammar.AnyObject(new JsonGrammarLimits(MaxStringLength: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Grammar<Person>(new JsonGrammarLimits(MaxItems: 0)));
    }
}

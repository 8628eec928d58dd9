using System.Text.Json;

namespace LlmWorkbook.Prompting;

/// <summary>
/// The compact JSON documents valid for a JSON schema, as an incremental recognizer over UTF-8 bytes: from
/// <see cref="Start"/>, each byte either continues a document that can still be completed or is refused. A token
/// mask built on it (<see cref="JsonSchemaTokenConstraint"/>) makes a model's reply valid by construction.
/// </summary>
/// <remarks>
/// <para>The documents are written one way: no whitespace; an object has every property of its schema's
/// <c>properties</c>, required or not, in the schema's order and no others (so <c>required</c> and
/// <c>additionalProperties</c> hold by construction), which is what hosted models' strict structured outputs do;
/// numbers have no exponent and integers no fraction (<c>1.0</c> would not deserialize into an <see cref="int"/>);
/// strings are UTF-8 with JSON escapes, but no <c>\u</c> escape of half a surrogate pair; enum values are written
/// as <see cref="JsonSerializer"/> writes them, with non-ASCII text as UTF-8.</para>
/// <para>The schema subset is what <c>AIJsonUtilities.CreateJsonSchema</c> produces for records of strings, numbers,
/// booleans, enums, arrays, nested and nullable types and dictionaries: <c>type</c> (one or a list),
/// <c>enum</c>, <c>const</c>, <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>items</c>,
/// <c>minLength</c>, <c>maxLength</c>, <c>minItems</c>, <c>maxItems</c>, <c>$ref</c> within the schema (recursive types
/// included; their depth is bounded only by the reply's token budget), and annotations such as <c>description</c>. Any
/// other keyword (<c>format</c>, <c>pattern</c>, <c>minimum</c>, <c>anyOf</c>, ...) throws
/// <see cref="NotSupportedException"/>: every accepted document must be valid, and those would not be enforced.</para>
/// <para>Strings, numbers and arrays are bounded by <see cref="JsonGrammarLimits"/>, so a generation under the
/// grammar always has a complete document within reach.</para>
/// </remarks>
public sealed class JsonSchemaGrammar
{
    private JsonSchemaGrammar(JsonGrammarNode root, JsonGrammarLimits limits)
    {
        Limits = limits;
        Start = JsonGrammarState.Start(root);
    }

    /// <summary>The bounds on strings, numbers and arrays.</summary>
    public JsonGrammarLimits Limits { get; }

    /// <summary>The state before the first byte.</summary>
    public JsonGrammarState Start { get; }

    /// <summary>The documents valid for <paramref name="schema"/>.</summary>
    /// <exception cref="NotSupportedException">The schema uses a keyword outside the subset, or allows nothing.</exception>
    public static JsonSchemaGrammar FromSchema(JsonElement schema, JsonGrammarLimits? limits = null)
    {
        limits ??= JsonGrammarLimits.Default;
        limits.Validate();
        return new JsonSchemaGrammar(new JsonSchemaCompiler(schema, limits).Compile(), limits);
    }

    /// <summary>Any JSON object: keys and values of any kind, nested at most <see cref="JsonGrammarLimits.MaxDepth"/> deep.</summary>
    public static JsonSchemaGrammar AnyObject(JsonGrammarLimits? limits = null)
    {
        limits ??= JsonGrammarLimits.Default;
        limits.Validate();
        var key = new JsonGrammarNode.TextNode(0, limits.MaxStringLength);
        var values = JsonSchemaCompiler.AnyValue(limits, key);
        return new JsonSchemaGrammar(new JsonGrammarNode.MapNode(key, values[Math.Min(1, limits.MaxDepth)], limits.MaxItems), limits);
    }

    /// <summary>Whether some document of the grammar begins with <paramref name="text"/> (the empty text included).</summary>
    public bool IsValidPrefix(string text) => Start.Advance(text) is not null;

    /// <summary>Whether <paramref name="text"/> is a whole document of the grammar.</summary>
    public bool IsComplete(string text) => Start.Advance(text) is { IsComplete: true };

    /// <summary>Whether some document of the grammar begins with the UTF-8 bytes.</summary>
    public bool IsValidPrefix(ReadOnlySpan<byte> utf8) => Start.Advance(utf8) is not null;

    /// <summary>Whether the UTF-8 bytes are a whole document of the grammar.</summary>
    public bool IsComplete(ReadOnlySpan<byte> utf8) => Start.Advance(utf8) is { IsComplete: true };
}

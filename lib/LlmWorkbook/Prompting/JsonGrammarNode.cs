namespace LlmWorkbook.Prompting;

/// <summary>
/// One schema compiled into what a value may be (a closed hierarchy): <see cref="JsonSchemaGrammar"/> builds the
/// nodes once, and the frames of a <see cref="JsonGrammarState"/> walk them byte by byte.
/// </summary>
internal abstract class JsonGrammarNode
{
    private JsonGrammarNode()
    {
    }

    /// <summary>The node whose value begins with <paramref name="first"/>, or null when no value may begin with it.</summary>
    public abstract JsonGrammarNode? Resolve(byte first);

    /// <summary>A string of MinLength to MaxLength characters.</summary>
    public sealed class TextNode(int minLength, int maxLength) : JsonGrammarNode
    {
        public int MinLength { get; } = minLength;

        public int MaxLength { get; } = maxLength;

        public override JsonGrammarNode? Resolve(byte first) => first == '"' ? this : null;
    }

    /// <summary>A number without exponent (<c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c>) of at most MaxDigits digits; integers have no fraction.</summary>
    public sealed class NumberNode(bool integer, int maxDigits) : JsonGrammarNode
    {
        public bool Integer { get; } = integer;

        public int MaxDigits { get; } = maxDigits;

        public override JsonGrammarNode? Resolve(byte first) => first == '-' || char.IsAsciiDigit((char)first) ? this : null;
    }

    /// <summary>One of a few fixed texts: true, false, null, an enum's values.</summary>
    public sealed class LiteralsNode(byte[][] values) : JsonGrammarNode
    {
        public byte[][] Values { get; } = values;

        public override JsonGrammarNode? Resolve(byte first) => Values.Any(v => v[0] == first) ? this : null;
    }

    /// <summary>An object with the schema's properties, every one, in order; Keys[i] is <c>"name":</c>, after a comma for i &gt; 0.</summary>
    public sealed class ObjectNode(byte[][] keys, JsonGrammarNode[] values) : JsonGrammarNode
    {
        public byte[][] Keys { get; } = keys;

        public JsonGrammarNode[] Values { get; } = values;

        public override JsonGrammarNode? Resolve(byte first) => first == '{' ? this : null;
    }

    /// <summary>An object whose keys the schema does not name: up to MaxEntries entries of any key and Value's values.</summary>
    public sealed class MapNode(TextNode key, JsonGrammarNode value, int maxEntries) : JsonGrammarNode
    {
        public TextNode Key { get; } = key;

        public JsonGrammarNode Value { get; } = value;

        public int MaxEntries { get; } = maxEntries;

        public override JsonGrammarNode? Resolve(byte first) => first == '{' ? this : null;
    }

    /// <summary>An array of MinItems to MaxItems items.</summary>
    public sealed class ArrayNode(JsonGrammarNode items, int minItems, int maxItems) : JsonGrammarNode
    {
        public JsonGrammarNode Items { get; } = items;

        public int MinItems { get; } = minItems;

        public int MaxItems { get; } = maxItems;

        public override JsonGrammarNode? Resolve(byte first) => first == '[' ? this : null;
    }

    /// <summary>Any of several kinds of value (a type list such as ["string","null"]); each begins with different bytes.</summary>
    public sealed class UnionNode(JsonGrammarNode[] alternatives) : JsonGrammarNode
    {
        public override JsonGrammarNode? Resolve(byte first)
        {
            foreach (var alternative in alternatives)
            {
                if (alternative.Resolve(first) is { } node)
                {
                    return node;
                }
            }
            return null;
        }
    }

    /// <summary>A <c>$ref</c>: its target is set once compiled, which lets a schema refer to itself.</summary>
    public sealed class ReferenceNode : JsonGrammarNode
    {
        public JsonGrammarNode? Target { get; set; }

        public override JsonGrammarNode? Resolve(byte first) =>
            (Target ?? throw new InvalidOperationException("a $ref was used before it was compiled")).Resolve(first);
    }
}

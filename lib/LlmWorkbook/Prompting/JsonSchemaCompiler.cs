using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmWorkbook.Prompting;

/// <summary>Turns a JSON schema into <see cref="JsonGrammarNode"/>s (see <see cref="JsonSchemaGrammar"/> for the subset).</summary>
internal sealed class JsonSchemaCompiler
{
    /// <summary>Keywords that describe or that the grammar satisfies by construction; they change nothing.</summary>
    private static readonly HashSet<string> Ignored =
    [
        "$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "default", "examples",
        "readOnly", "writeOnly", "deprecated",
    ];

    private static readonly HashSet<string> Handled =
    [
        "type", "enum", "const", "properties", "required", "additionalProperties", "items",
        "minLength", "maxLength", "minItems", "maxItems", "$ref",
    ];

    private readonly JsonElement _root;
    private readonly JsonGrammarLimits _limits;
    private readonly JsonGrammarNode.TextNode _key;
    private readonly JsonGrammarNode[] _any;
    private readonly Dictionary<string, JsonGrammarNode> _byPointer = [];

    public JsonSchemaCompiler(JsonElement root, JsonGrammarLimits limits)
    {
        _root = root;
        _limits = limits;
        _key = new JsonGrammarNode.TextNode(0, limits.MaxStringLength);
        _any = AnyValue(limits, _key);
    }

    public JsonGrammarNode Compile() => Compile(_root, "#");

    /// <summary>Any JSON value, nested at most MaxDepth deep: _any[d] is a value at depth d.</summary>
    public static JsonGrammarNode[] AnyValue(JsonGrammarLimits limits, JsonGrammarNode.TextNode key)
    {
        var any = new JsonGrammarNode[limits.MaxDepth + 1];
        JsonGrammarNode[] scalars =
        [
            new JsonGrammarNode.TextNode(0, limits.MaxStringLength),
            new JsonGrammarNode.NumberNode(integer: false, limits.MaxNumberDigits),
            new JsonGrammarNode.LiteralsNode([Utf8("true"), Utf8("false"), Utf8("null")]),
        ];
        any[limits.MaxDepth] = new JsonGrammarNode.UnionNode(scalars);
        for (var depth = limits.MaxDepth - 1; depth >= 0; depth--)
        {
            any[depth] = new JsonGrammarNode.UnionNode(
            [
                .. scalars,
                new JsonGrammarNode.MapNode(key, any[depth + 1], limits.MaxItems),
                new JsonGrammarNode.ArrayNode(any[depth + 1], 0, limits.MaxItems),
            ]);
        }
        return any;
    }

    private JsonGrammarNode Compile(JsonElement schema, string pointer)
    {
        if (_byPointer.TryGetValue(pointer, out var known))
        {
            return known;
        }
        // Registered before compiling, so that a $ref back to this schema (a recursive type) finds it.
        var reference = new JsonGrammarNode.ReferenceNode();
        _byPointer[pointer] = reference;
        reference.Target = CompileNew(schema, pointer);
        if (ReferenceEquals(reference.Target, reference))
        {
            throw new NotSupportedException($"the schema at '{pointer}' only refers to itself");
        }
        _byPointer[pointer] = reference.Target;
        return reference.Target;
    }

    private JsonGrammarNode CompileNew(JsonElement schema, string pointer)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return _any[0];
        }
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new NotSupportedException($"the schema at '{pointer}' is {schema.ValueKind}: only an object or true can be followed");
        }
        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Ignored.Contains(keyword.Name) && !Handled.Contains(keyword.Name))
            {
                throw new NotSupportedException(
                    $"the schema keyword '{keyword.Name}' at '{pointer}' is not supported by constrained decoding " +
                    $"(supported: {string.Join(", ", Handled)})");
            }
        }
        if (schema.TryGetProperty("$ref", out var target))
        {
            // As in JSON Schema drafts before 2019-09, a $ref stands for its target; keywords beside it are not read.
            var targetPointer = target.GetString() ?? "";
            return Compile(Resolve(targetPointer), targetPointer);
        }
        var types = Types(schema, pointer);
        if (schema.TryGetProperty("enum", out var values) || schema.TryGetProperty("const", out values))
        {
            return Literals(values, types, pointer);
        }
        var alternatives = new List<JsonGrammarNode>();
        if (types.Contains("string"))
        {
            alternatives.Add(Text(schema, pointer));
        }
        if (types.Contains("number") || types.Contains("integer"))
        {
            var integer = !types.Contains("number");
            alternatives.Add(new JsonGrammarNode.NumberNode(integer, integer ? _limits.MaxIntegerDigits : _limits.MaxNumberDigits));
        }
        var literals = new[] { "boolean", "null" }.Where(types.Contains).SelectMany(t => t == "boolean" ? ["true", "false"] : new[] { "null" });
        if (literals.Any())
        {
            alternatives.Add(new JsonGrammarNode.LiteralsNode(literals.Select(Utf8).ToArray()));
        }
        if (types.Contains("object"))
        {
            alternatives.Add(Object(schema, pointer));
        }
        if (types.Contains("array"))
        {
            alternatives.Add(Array(schema, pointer));
        }
        return alternatives.Count == 1 ? alternatives[0] : new JsonGrammarNode.UnionNode([.. alternatives]);
    }

    /// <summary>The schema's types; without "type", what its keywords imply (properties: an object; items: an array), else any.</summary>
    private static HashSet<string> Types(JsonElement schema, string pointer)
    {
        string[] all = ["string", "number", "integer", "boolean", "null", "object", "array"];
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? ["object"]
                : schema.TryGetProperty("items", out _) ? ["array"]
                : [.. all];
        }
        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString() ?? "").ToList() : [type.GetString() ?? ""];
        foreach (var name in names)
        {
            if (!all.Contains(name))
            {
                throw new NotSupportedException($"the type '{name}' at '{pointer}' is not a JSON schema type");
            }
        }
        return [.. names];
    }

    private static JsonGrammarNode Literals(JsonElement values, HashSet<string> types, string pointer)
    {
        var list = values.ValueKind == JsonValueKind.Array ? values.EnumerateArray().ToList() : [values];
        var allowed = list.Where(v => types.Contains(TypeOf(v)) || (TypeOf(v) == "integer" && types.Contains("number")))
            .Select(Canonical).ToArray();
        if (allowed.Length == 0)
        {
            throw new NotSupportedException($"no value of the enum at '{pointer}' has one of its types: nothing is valid");
        }
        return new JsonGrammarNode.LiteralsNode(allowed);
    }

    private JsonGrammarNode.TextNode Text(JsonElement schema, string pointer)
    {
        var min = Count(schema, "minLength") ?? 0;
        var max = Math.Min(Count(schema, "maxLength") ?? int.MaxValue, _limits.MaxStringLength);
        return min <= max ? new JsonGrammarNode.TextNode(min, max)
            : throw new NotSupportedException($"the string at '{pointer}' needs at least {min} characters, more than the limit of {max}");
    }

    private JsonGrammarNode Object(JsonElement schema, string pointer)
    {
        if (!schema.TryGetProperty("properties", out var properties) || !properties.EnumerateObject().Any())
        {
            // No named properties: free keys, with values as additionalProperties says (absent or true: any value).
            if (schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.False)
            {
                return new JsonGrammarNode.ObjectNode([], []);
            }
            var value = extra.ValueKind == JsonValueKind.Object ? Compile(extra, pointer + "/additionalProperties") : _any[1];
            return new JsonGrammarNode.MapNode(_key, value, _limits.MaxItems);
        }
        var names = properties.EnumerateObject().Select(p => p.Name).ToList();
        if (schema.TryGetProperty("required", out var required) && required.EnumerateArray().Select(r => r.GetString()).FirstOrDefault(r => !names.Contains(r!)) is { } missing)
        {
            throw new NotSupportedException($"the object at '{pointer}' requires '{missing}', which is not among its properties");
        }
        var keys = names.Select((name, i) => Utf8((i == 0 ? "" : ",") + JsonSerializer.Serialize(name, Compact) + ":")).ToArray();
        var values = properties.EnumerateObject().Select(p => Compile(p.Value, $"{pointer}/properties/{Escape(p.Name)}")).ToArray();
        return new JsonGrammarNode.ObjectNode(keys, values);
    }

    private JsonGrammarNode.ArrayNode Array(JsonElement schema, string pointer)
    {
        var items = schema.TryGetProperty("items", out var itemSchema) ? Compile(itemSchema, pointer + "/items") : _any[1];
        var min = Count(schema, "minItems") ?? 0;
        var max = Math.Min(Count(schema, "maxItems") ?? int.MaxValue, _limits.MaxItems);
        return min <= max ? new JsonGrammarNode.ArrayNode(items, min, max)
            : throw new NotSupportedException($"the array at '{pointer}' needs at least {min} items, more than the limit of {max}");
    }

    /// <summary>The schema a <c>$ref</c> points to: a JSON pointer into this schema ("#", "#/properties/next").</summary>
    private JsonElement Resolve(string pointer)
    {
        if (!pointer.StartsWith('#'))
        {
            throw new NotSupportedException($"the $ref '{pointer}' points outside the schema");
        }
        var element = _root;
        foreach (var part in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(part).Replace("~1", "/").Replace("~0", "~");
            element = element.ValueKind == JsonValueKind.Array && int.TryParse(name, out var index) && index < element.GetArrayLength() ? element[index]
                : element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) ? child
                : throw new NotSupportedException($"the $ref '{pointer}' points to nothing in the schema");
        }
        return element;
    }

    private static int? Count(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) ? value.GetInt32() : null;

    private static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) && !value.GetRawText().Contains('.') ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "object",
        _ => "array",
    };

    private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");

    /// <summary>Compact JSON that keeps non-ASCII text as UTF-8 (the default encoder would write \u escapes).</summary>
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Canonical(JsonElement value) => JsonSerializer.SerializeToUtf8Bytes(value, Compact);

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}

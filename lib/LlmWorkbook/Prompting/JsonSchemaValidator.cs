using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmWorkbook.Prompting;

/// <summary>
/// Checks a JSON value against a JSON schema and lists every error with its JSON path. It covers what
/// <c>AIJsonUtilities.CreateJsonSchema</c> produces for .NET types, and a little more:
/// <c>type</c> (one name or a list such as <c>["string","null"]</c>; 1.0 counts as an integer), <c>enum</c>,
/// <c>const</c>, <c>properties</c>, <c>required</c>, <c>additionalProperties</c> (false or a schema), <c>items</c>,
/// <c>minItems</c>/<c>maxItems</c>, <c>minLength</c>/<c>maxLength</c> (in Unicode code points), <c>pattern</c>,
/// <c>minimum</c>/<c>maximum</c>/<c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>, <c>anyOf</c>/<c>oneOf</c>/<c>allOf</c>,
/// and <c>$ref</c> to a local pointer (<c>#</c>, <c>#/$defs/…</c>). <c>true</c> and <c>false</c> are schemas too.
/// </summary>
/// <remarks>
/// Annotations (<c>description</c>, <c>title</c>, <c>default</c>, <c>format</c>, <c>$schema</c>, …) are ignored. Any other
/// keyword throws <see cref="NotSupportedException"/>: a validator that skipped a rule it does not know would call
/// invalid values valid. When a value has the wrong type, its other keywords are not checked (one error, not a cascade).
/// </remarks>
public static partial class JsonSchemaValidator
{
    private static readonly HashSet<string> Annotations =
    [
        "$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "default", "examples", "format",
        "readOnly", "writeOnly", "deprecated", "contentEncoding", "contentMediaType",
    ];

    private static readonly HashSet<string> Assertions =
    [
        "$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "anyOf", "oneOf", "allOf",
    ];

    private const int MaxDepth = 256;

    /// <summary>Every error of <paramref name="value"/> against <paramref name="schema"/>; empty when it is valid.</summary>
    public static IReadOnlyList<JsonSchemaError> Validate(JsonElement schema, JsonElement value)
    {
        var errors = new List<JsonSchemaError>();
        Check(schema, schema, "#", value, "$", errors, 0);
        return errors;
    }

    private static void Check(JsonElement root, JsonElement schema, string schemaPath, JsonElement value, string path, List<JsonSchemaError> errors, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new NotSupportedException($"The schema nests deeper than {MaxDepth} levels at {schemaPath} (a $ref cycle?).");
        }
        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return;
            case JsonValueKind.False:
                errors.Add(new(path, "no value is allowed here (the schema is false)"));
                return;
            case not JsonValueKind.Object:
                throw new ArgumentException($"The schema at {schemaPath} is neither an object nor true/false.", nameof(schema));
        }
        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Annotations.Contains(keyword.Name) && !Assertions.Contains(keyword.Name))
            {
                throw new NotSupportedException($"The JSON schema keyword '{keyword.Name}' (at {schemaPath}) is not supported by this validator.");
            }
        }
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(root, Resolve(root, reference.GetString()!), reference.GetString()!, value, path, errors, depth + 1);
        }
        if (schema.TryGetProperty("type", out var type) && !HasType(value, type))
        {
            errors.Add(new(path, $"expected {TypeNames(type)}, got {Describe(value)}"));
            return;
        }
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
        {
            errors.Add(new(path, $"{Describe(value)} is not one of {allowed.GetRawText()}"));
        }
        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            errors.Add(new(path, $"{Describe(value)} is not {constant.GetRawText()}"));
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object: CheckObject(root, schema, schemaPath, value, path, errors, depth); break;
            case JsonValueKind.Array: CheckArray(root, schema, schemaPath, value, path, errors, depth); break;
            case JsonValueKind.String: CheckString(schema, value, path, errors); break;
            case JsonValueKind.Number: CheckNumber(schema, value, path, errors); break;
        }
        CheckCombinations(root, schema, schemaPath, value, path, errors, depth);
    }

    private static void CheckObject(JsonElement root, JsonElement schema, string schemaPath, JsonElement value, string path, List<JsonSchemaError> errors, int depth)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
            {
                errors.Add(new(Member(path, name), "the required property is missing"));
            }
        }
        var hasProperties = schema.TryGetProperty("properties", out var properties);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in value.EnumerateObject())
        {
            if (hasProperties && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(root, propertySchema, $"{schemaPath}/properties/{property.Name}", property.Value, Member(path, property.Name), errors, depth + 1);
            }
            else if (hasAdditional && additional.ValueKind == JsonValueKind.False)
            {
                errors.Add(new(Member(path, property.Name), "the property is not allowed (additionalProperties is false)"));
            }
            else if (hasAdditional)
            {
                Check(root, additional, $"{schemaPath}/additionalProperties", property.Value, Member(path, property.Name), errors, depth + 1);
            }
        }
    }

    private static void CheckArray(JsonElement root, JsonElement schema, string schemaPath, JsonElement value, string path, List<JsonSchemaError> errors, int depth)
    {
        var count = value.GetArrayLength();
        if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetInt32())
        {
            errors.Add(new(path, $"has {count} items, fewer than the minimum {minItems.GetInt32()}"));
        }
        if (schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetInt32())
        {
            errors.Add(new(path, $"has {count} items, more than the maximum {maxItems.GetInt32()}"));
        }
        if (schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(root, items, $"{schemaPath}/items", item, $"{path}[{index++}]", errors, depth + 1);
            }
        }
    }

    private static void CheckString(JsonElement schema, JsonElement value, string path, List<JsonSchemaError> errors)
    {
        var text = value.GetString()!;
        var length = text.EnumerateRunes().Count();
        if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
        {
            errors.Add(new(path, $"has {length} characters, fewer than the minimum {minLength.GetInt32()}"));
        }
        if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
        {
            errors.Add(new(path, $"has {length} characters, more than the maximum {maxLength.GetInt32()}"));
        }
        if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add(new(path, $"{Describe(value)} does not match the pattern {pattern.GetRawText()}"));
        }
    }

    private static void CheckNumber(JsonElement schema, JsonElement value, string path, List<JsonSchemaError> errors)
    {
        var number = value.GetDouble();
        void Bound(string keyword, Func<double, bool> holds, string relation)
        {
            if (schema.TryGetProperty(keyword, out var bound) && !holds(bound.GetDouble()))
            {
                errors.Add(new(path, $"{value.GetRawText()} is not {relation} {bound.GetRawText()}"));
            }
        }
        Bound("minimum", b => number >= b, "at least");
        Bound("maximum", b => number <= b, "at most");
        Bound("exclusiveMinimum", b => number > b, "more than");
        Bound("exclusiveMaximum", b => number < b, "less than");
    }

    private static void CheckCombinations(JsonElement root, JsonElement schema, string schemaPath, JsonElement value, string path, List<JsonSchemaError> errors, int depth)
    {
        List<JsonSchemaError>[] Branches(JsonElement list, string keyword) => list.EnumerateArray().Select((branch, i) =>
        {
            var branchErrors = new List<JsonSchemaError>();
            Check(root, branch, $"{schemaPath}/{keyword}/{i}", value, path, branchErrors, depth + 1);
            return branchErrors;
        }).ToArray();

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            errors.AddRange(Branches(allOf, "allOf").SelectMany(e => e));
        }
        if (schema.TryGetProperty("anyOf", out var anyOf) && Branches(anyOf, "anyOf") is var any && any.All(e => e.Count > 0))
        {
            errors.Add(new(path, $"matches none of the anyOf schemas ({string.Join("; ", any.Select((e, i) => $"{i + 1}: {e[0].Message}"))})"));
        }
        if (schema.TryGetProperty("oneOf", out var oneOf) && Branches(oneOf, "oneOf").Count(e => e.Count == 0) is var matches and not 1)
        {
            errors.Add(new(path, $"matches {matches} of the oneOf schemas, not exactly one"));
        }
    }

    private static bool HasType(JsonElement value, JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => HasType(value, t.GetString()!))
        : HasType(value, type.GetString()!);

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && IsWhole(value),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"'{type}' is not a JSON schema type."),
    };

    private static bool IsWhole(JsonElement number) =>
        number.TryGetDecimal(out var exact) ? decimal.Truncate(exact) == exact : Math.Floor(number.GetDouble()) == number.GetDouble();

    private static string TypeNames(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString()))
        : type.GetString()!;

    /// <summary>A value for an error message: its kind and, for a scalar, the value (long strings shortened).</summary>
    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "string " + Shorten(value.GetRawText()),
        JsonValueKind.Number => (IsWhole(value) ? "integer " : "number ") + value.GetRawText(),
        JsonValueKind.Null => "null",
        _ => "boolean " + value.GetRawText(),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "…";

    /// <summary>A member's path: <c>$.name</c>, or <c>$['odd name']</c> when the name is not an identifier.</summary>
    private static string Member(string path, string name) =>
        IdentifierPattern().IsMatch(name) ? $"{path}.{name}" : $"{path}['{name.Replace("\\", "\\\\").Replace("'", "\\'")}']";

    private static JsonElement Resolve(JsonElement root, string reference)
    {
        if (!reference.StartsWith('#'))
        {
            throw new NotSupportedException($"Only local $ref pointers (#/…) are supported, not '{reference}'.");
        }
        var target = root;
        foreach (var token in Uri.UnescapeDataString(reference[1..]).Split('/').Skip(1))
        {
            var name = token.Replace("~1", "/").Replace("~0", "~");
            var found = target.ValueKind switch
            {
                JsonValueKind.Object => target.TryGetProperty(name, out var child) ? child : (JsonElement?)null,
                JsonValueKind.Array when int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < target.GetArrayLength() => target[i],
                _ => null,
            };
            target = found ?? throw new ArgumentException($"The schema's $ref '{reference}' points to nothing.");
        }
        return target;
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex IdentifierPattern();
}

using System.Globalization;
using System.Text.Json;

namespace LlmWorkbook.Tests.Prompting;

/// <summary>
/// A plain JSON-schema validator for the subset the grammar supports, written independently of it: the tests judge
/// the grammar's documents with this, not with the grammar itself.
/// </summary>
internal static class JsonSchemaCheck
{
    /// <summary>Where <paramref name="value"/> breaks <paramref name="schema"/>; empty when it is valid.</summary>
    public static List<string> Errors(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(schema, schema, value, "$", errors);
        return errors;
    }

    private static void Check(JsonElement root, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = root;
            foreach (var part in reference.GetString()!.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                target = target.GetProperty(part);
            }
            Check(root, target, value, path, errors);
            return;
        }
        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Any(t => HasType(value, t)))
            {
                errors.Add($"{path}: {value.ValueKind} is not {string.Join(" or ", types)}");
                return;
            }
        }
        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => JsonElement.DeepEquals(v, value)))
        {
            errors.Add($"{path}: {value.GetRawText()} is not in the enum");
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var length = value.GetString()!.EnumerateRunes().Count();
                if (schema.TryGetProperty("minLength", out var min) && length < min.GetInt32()
                    || schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32())
                {
                    errors.Add($"{path}: {length} characters is out of bounds");
                }
                break;
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                if (schema.TryGetProperty("minItems", out var minItems) && count < minItems.GetInt32()
                    || schema.TryGetProperty("maxItems", out var maxItems) && count > maxItems.GetInt32())
                {
                    errors.Add($"{path}: {count} items is out of bounds");
                }
                if (schema.TryGetProperty("items", out var items))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(root, items, item, $"{path}[{i++}]", errors);
                    }
                }
                break;
            case JsonValueKind.Object:
                var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
                var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!) : [];
                foreach (var name in required.Where(n => !value.TryGetProperty(n, out _)))
                {
                    errors.Add($"{path}: required property {name} is missing");
                }
                foreach (var property in value.EnumerateObject())
                {
                    if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                    {
                        Check(root, propertySchema, property.Value, $"{path}.{property.Name}", errors);
                    }
                    else if (schema.TryGetProperty("additionalProperties", out var additional))
                    {
                        if (additional.ValueKind == JsonValueKind.False)
                        {
                            errors.Add($"{path}: property {property.Name} is not allowed");
                        }
                        else
                        {
                            Check(root, additional, property.Value, $"{path}.{property.Name}", errors);
                        }
                    }
                }
                break;
        }
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number
            && decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        _ => throw new ArgumentException($"unknown type {type}"),
    };
}

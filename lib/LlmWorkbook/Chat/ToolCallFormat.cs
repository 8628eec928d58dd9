using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Chat;

/// <summary>
/// How tool calls look in the course's chat format; the one definition the chat template, the chat client and the
/// instruction data share.
/// <list type="bullet">
/// <item><description>The tools are offered at the end of the system message: the line <c>You can call these tools:</c>, then one
/// line per tool, its signature and description: <c>calculator(expression: string) - Exact arithmetic.</c> (see
/// <see cref="FormatTools"/>).</description></item>
/// <item><description>The assistant calls tools by replying with one or more
/// <c>&lt;tool_call&gt;{"name":"calculator","arguments":{"expression":"12*7"}}&lt;/tool_call&gt;</c> and nothing else
/// (whitespace between calls is allowed).</description></item>
/// <item><description>Each result goes back as a message of role <c>tool</c> whose content is the result as JSON, nothing more,
/// in the order of the calls. The call id that pairs a result with its call lives in the
/// <see cref="FunctionCallContent"/> and <see cref="FunctionResultContent"/> objects, not in the prompt: a small model
/// learns the order more easily than opaque ids, and it never has to copy one.</description></item>
/// </list>
/// All of it is ordinary text: the tags are not special tokens, so the tokenizer encodes them like any other text.
/// </summary>
public static class ToolCallFormat
{
    /// <summary>Opens a tool call in a reply.</summary>
    public const string OpenTag = "<tool_call>";

    /// <summary>Closes a tool call in a reply.</summary>
    public const string CloseTag = "</tool_call>";

    /// <summary>The line that introduces the tool list in the system message.</summary>
    public const string ToolsHeader = "You can call these tools:";

    // Compact, and non-ASCII text kept as is (fewer tokens than \uXXXX escapes).
    private static readonly JsonSerializerOptions Json = new(AIJsonUtilities.DefaultOptions)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A call as the assistant writes it: <c>&lt;tool_call&gt;{"name":…,"arguments":{…}}&lt;/tool_call&gt;</c>.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="arguments">Argument values, serialized as JSON; null means no arguments.</param>
    public static string FormatCall(string name, IEnumerable<KeyValuePair<string, object?>>? arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var json = WriteJson(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteStartObject("arguments");
            foreach (var (key, value) in arguments ?? [])
            {
                writer.WritePropertyName(key);
                JsonSerializer.Serialize(writer, value, Json);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        // "</" can only occur inside a JSON string, where "<\/" means the same; so an argument that contains
        // "</tool_call>" cannot end the call early.
        return OpenTag + json.Replace("</", "<\\/", StringComparison.Ordinal) + CloseTag;
    }

    /// <summary>The call a <see cref="FunctionCallContent"/> describes, as the assistant writes it.</summary>
    public static string FormatCall(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return FormatCall(call.Name, call.Arguments);
    }

    /// <summary>Several calls, one per line: a whole tool-calling reply.</summary>
    public static string FormatCalls(IEnumerable<FunctionCallContent> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        return string.Join("\n", calls.Select(FormatCall));
    }

    /// <summary>
    /// The tool list: <see cref="ToolsHeader"/>, then one line per tool, a signature read from its JSON schema and its
    /// description: <c>get_address(year: integer, president?: string) - The address of a year.</c> A parameter not in
    /// the schema's "required" list is marked with ?; its type is the schema's "type" (<c>string[]</c> for an array of
    /// strings), its "enum" values joined by |, or the property's schema as compact JSON when it is more than that.
    /// Parameter descriptions are left out. The whole JSON schema would be about four times as many tokens, which the
    /// course model's 512-token context cannot spare.
    /// </summary>
    public static string FormatTools(IEnumerable<AIFunctionDeclaration> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var lines = tools.Select(tool =>
        {
            var signature = $"{tool.Name}({string.Join(", ", Parameters(tool.JsonSchema))})";
            return string.IsNullOrEmpty(tool.Description) ? signature : $"{signature} - {tool.Description}";
        });
        return string.Join("\n", lines.Prepend(ToolsHeader));
    }

    private static IEnumerable<string> Parameters(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        var required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var property in properties.EnumerateObject())
        {
            yield return $"{property.Name}{(required.Contains(property.Name) ? "" : "?")}: {TypeOf(property.Value)}";
        }
    }

    private static string TypeOf(JsonElement property)
    {
        string? SimpleType(JsonElement element) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && element.EnumerateObject().All(p => p.Name is "type" or "description") ? type.GetString() : null;

        if (SimpleType(property) is { } simple && simple != "array")
        {
            return simple;
        }
        if (property.ValueKind == JsonValueKind.Object && property.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            && t.GetString() == "array" && property.TryGetProperty("items", out var items) && SimpleType(items) is { } itemType
            && property.EnumerateObject().All(p => p.Name is "type" or "items" or "description"))
        {
            return itemType + "[]";
        }
        if (property.ValueKind == JsonValueKind.Object && property.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            return string.Join("|", values.EnumerateArray().Select(v => v.GetRawText()));
        }
        return WriteJson(writer => property.WriteTo(writer));
    }

    /// <summary>
    /// A system message's text with the tool list appended after a blank line (or the tool list alone when the text
    /// is empty).
    /// </summary>
    public static string AppendTools(string systemText, IEnumerable<AIFunctionDeclaration> tools)
    {
        ArgumentNullException.ThrowIfNull(systemText);
        var list = FormatTools(tools);
        return systemText.Length == 0 ? list : systemText + "\n\n" + list;
    }

    /// <summary>The content of the <c>tool</c> message that carries a result: the result as compact JSON.</summary>
    public static string FormatResult(object? result) => JsonSerializer.Serialize(result, Json);

    /// <summary>The content of the <c>tool</c> message that carries a <see cref="FunctionResultContent"/>'s result.</summary>
    public static string FormatResult(FunctionResultContent result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return FormatResult(result.Result);
    }

    /// <summary>
    /// Reads a reply as tool calls. A reply that is not made only of <c>&lt;tool_call&gt;…&lt;/tool_call&gt;</c> blocks
    /// and whitespace is ordinary text (<see cref="ToolCallParseResult.NotToolCalls"/>). A reply that is, but whose
    /// blocks do not each hold a JSON object with a string "name" and an optional object "arguments", gives an
    /// <see cref="ToolCallParseResult.Error"/> and no calls. Other properties in the object are ignored.
    /// </summary>
    public static ToolCallParseResult Parse(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var bodies = new List<string>();
        var position = 0;
        while (true)
        {
            while (position < reply.Length && char.IsWhiteSpace(reply[position]))
            {
                position++;
            }
            if (position == reply.Length)
            {
                break;
            }
            if (string.CompareOrdinal(reply, position, OpenTag, 0, OpenTag.Length) != 0)
            {
                return ToolCallParseResult.NotToolCalls;
            }
            var bodyStart = position + OpenTag.Length;
            var close = reply.IndexOf(CloseTag, bodyStart, StringComparison.Ordinal);
            if (close < 0)
            {
                return ToolCallParseResult.NotToolCalls;
            }
            bodies.Add(reply[bodyStart..close]);
            position = close + CloseTag.Length;
        }
        if (bodies.Count == 0)
        {
            return ToolCallParseResult.NotToolCalls;
        }
        var calls = new List<ParsedToolCall>();
        for (var i = 0; i < bodies.Count; i++)
        {
            var (call, problem) = ParseCall(bodies[i]);
            if (call is null)
            {
                return new ToolCallParseResult([], $"tool call {i + 1} of {bodies.Count} {problem}: {bodies[i]}");
            }
            calls.Add(call);
        }
        return new ToolCallParseResult(calls, null);
    }

    /// <summary>
    /// Whether a reply that has only begun could still turn out to be tool calls: after leading whitespace it is a
    /// beginning of <see cref="OpenTag"/>, or starts with it. Once false, it stays false as text is added.
    /// </summary>
    internal static bool CouldBeToolCalls(string partialReply)
    {
        var text = partialReply.AsSpan().TrimStart();
        return text.Length <= OpenTag.Length ? OpenTag.AsSpan().StartsWith(text, StringComparison.Ordinal)
            : text.StartsWith(OpenTag, StringComparison.Ordinal);
    }

    private static (ParsedToolCall? Call, string? Problem) ParseCall(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, $"is not valid JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, $"is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }
            if (!root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } toolName)
            {
                return (null, "has no \"name\" string");
            }
            var arguments = new Dictionary<string, JsonElement>();
            if (root.TryGetProperty("arguments", out var given) && given.ValueKind != JsonValueKind.Null)
            {
                if (given.ValueKind != JsonValueKind.Object)
                {
                    return (null, "has \"arguments\" that are not a JSON object");
                }
                foreach (var argument in given.EnumerateObject())
                {
                    arguments[argument.Name] = argument.Value.Clone();
                }
            }
            return (new ParsedToolCall(toolName, arguments), null);
        }
    }

    private static string WriteJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder }))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

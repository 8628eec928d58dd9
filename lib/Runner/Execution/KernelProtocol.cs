using System.Text.Json;
using System.Text.Json.Serialization;
using LlmWorkbook.Runner.Notebooks;

namespace LlmWorkbook.Runner.Execution;

/// <summary>One JSON line between the runner and its kernel process (commands down, events up).</summary>
internal sealed record KernelMessage
{
    /// <summary>execute (down); ready, output, update, done, fatal (up).</summary>
    public required string Kind { get; init; }
    public int Cell { get; init; }
    public string? Code { get; init; }
    public CellOutput? Output { get; init; }
    public string? DisplayId { get; init; }
    public Dictionary<string, string>? Data { get; init; }
    public string? Error { get; init; }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToLine() => JsonSerializer.Serialize(this, Json);

    public static KernelMessage? FromLine(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<KernelMessage>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

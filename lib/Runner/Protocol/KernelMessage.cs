using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmWorkbook.Runner.Protocol;

/// <summary>
/// One JSON line between the runner and its kernel process: <see cref="ExecuteCell"/> goes down; the kernel answers
/// with <see cref="KernelReady"/> or <see cref="KernelFailed"/> once, then <see cref="OutputProduced"/>,
/// <see cref="DisplayUpdated"/> and <see cref="CellCompleted"/> per cell.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ExecuteCell), "execute")]
[JsonDerivedType(typeof(KernelReady), "ready")]
[JsonDerivedType(typeof(KernelFailed), "fatal")]
[JsonDerivedType(typeof(OutputProduced), "output")]
[JsonDerivedType(typeof(DisplayUpdated), "update")]
[JsonDerivedType(typeof(CellCompleted), "done")]
public abstract record KernelMessage
{
    // Closed: only the messages of this assembly derive from it.
    private protected KernelMessage()
    {
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>The message as one line of JSON.</summary>
    public string ToLine() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a line written by <see cref="ToLine"/>; null for anything else.</summary>
    public static KernelMessage? FromLine(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<KernelMessage>(line, Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }
}

using Microsoft.Extensions.AI;
using YamlDotNet.RepresentationModel;

namespace LlmWorkbook.Prompting;

/// <summary>How each <c>model.parameters</c> entry of a prompt file sets <see cref="ChatOptions"/> (see <see cref="PromptyFile.ToChatOptions"/>).</summary>
internal static class PromptyParameters
{
    /// <summary>Sets the option a parameter names, checking its value; an unknown parameter goes to the additional properties.</summary>
    public static void Apply(ChatOptions options, string name, YamlNode value, FrontMatter yaml)
    {
        switch (name)
        {
            case "temperature": options.Temperature = (float)yaml.Number(value, name); break;
            case "top_p": options.TopP = (float)yaml.Number(value, name); break;
            case "top_k": options.TopK = checked((int)yaml.Integer(value, name)); break;
            case "max_tokens" or "max_completion_tokens": options.MaxOutputTokens = checked((int)yaml.Integer(value, name)); break;
            case "stop": options.StopSequences = yaml.Texts(value, name).ToList(); break;
            case "seed": options.Seed = yaml.Integer(value, name); break;
            case "frequency_penalty": options.FrequencyPenalty = (float)yaml.Number(value, name); break;
            case "presence_penalty": options.PresencePenalty = (float)yaml.Number(value, name); break;
            case "response_format": options.ResponseFormat = ResponseFormat(value, yaml); break;
            default:
                (options.AdditionalProperties ??= [])[name] = yaml.Value(value);
                break;
        }
    }

    private static ChatResponseFormat ResponseFormat(YamlNode value, FrontMatter yaml)
    {
        var type = value is YamlMappingNode
            ? yaml.Entries(value, "response_format", ["type"]).Select(e => yaml.Text(e.Value, "response_format.type")).FirstOrDefault()
            : yaml.Text(value, "response_format");
        return type switch
        {
            "json_object" => ChatResponseFormat.Json,
            "text" => ChatResponseFormat.Text,
            _ => throw yaml.Error(value, "response_format must be 'text' or 'json_object' (or {type: …} with one of them)"),
        };
    }
}

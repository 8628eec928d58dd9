namespace LlmWorkbook.Providers;

/// <summary>
/// One setting of the chat provider: the environment variable that sets it and its key in user secrets (or any
/// <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> given to <see cref="ChatProviderSettings.Read"/>).
/// </summary>
/// <param name="Variable">The environment variable.</param>
/// <param name="Key">The configuration key.</param>
public sealed record ChatSetting(string Variable, string Key)
{
    /// <summary>Which provider: local (the default), openai, azure-openai, ollama or openai-compatible.</summary>
    public static ChatSetting Provider { get; } = new("WORKBOOK_CHAT_PROVIDER", "Workbook:Chat:Provider");

    /// <summary>The model's name (on Azure OpenAI, the deployment's).</summary>
    public static ChatSetting Model { get; } = new("WORKBOOK_CHAT_MODEL", "Workbook:Chat:Model");

    /// <summary>The server's base address.</summary>
    public static ChatSetting Endpoint { get; } = new("WORKBOOK_CHAT_ENDPOINT", "Workbook:Chat:Endpoint");

    /// <summary>The API key.</summary>
    public static ChatSetting ApiKey { get; } = new("WORKBOOK_CHAT_API_KEY", "Workbook:Chat:ApiKey");

    /// <summary>OpenAI's usual key variable, read for the openai provider when <see cref="ApiKey"/> is not set.</summary>
    public static ChatSetting OpenAIApiKey { get; } = new("OPENAI_API_KEY", "OPENAI_API_KEY");

    /// <summary>Azure OpenAI's usual endpoint variable, read for azure-openai when <see cref="Endpoint"/> is not set.</summary>
    public static ChatSetting AzureOpenAIEndpoint { get; } = new("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_ENDPOINT");

    /// <summary>Azure OpenAI's usual key variable, read for azure-openai when <see cref="ApiKey"/> is not set.</summary>
    public static ChatSetting AzureOpenAIApiKey { get; } = new("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_API_KEY");

    /// <summary>Ollama's usual server variable, read for ollama when <see cref="Endpoint"/> is not set.</summary>
    public static ChatSetting OllamaHost { get; } = new("OLLAMA_HOST", "OLLAMA_HOST");

    /// <summary>Every setting, the course's own first.</summary>
    public static IReadOnlyList<ChatSetting> All { get; } =
        [Provider, Model, Endpoint, ApiKey, OpenAIApiKey, AzureOpenAIEndpoint, AzureOpenAIApiKey, OllamaHost];
}

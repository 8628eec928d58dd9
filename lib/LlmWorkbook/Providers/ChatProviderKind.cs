namespace LlmWorkbook.Providers;

/// <summary>Which model answers a <see cref="ChatProvider"/> client: the course's own, or a hosted one.</summary>
public enum ChatProviderKind
{
    /// <summary>The course assistant, on this machine (<c>local</c>, the default).</summary>
    Local,

    /// <summary>OpenAI's API (<c>openai</c>).</summary>
    OpenAI,

    /// <summary>A deployment on Azure OpenAI (<c>azure-openai</c>).</summary>
    AzureOpenAI,

    /// <summary>An Ollama server (<c>ollama</c>).</summary>
    Ollama,

    /// <summary>Any server that speaks OpenAI's chat completions API (<c>openai-compatible</c>).</summary>
    OpenAICompatible,
}

using System.ClientModel;
using Azure.AI.OpenAI;
using LlmWorkbook.Chat;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Gpt;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;
using OpenAIChatClient = OpenAI.Chat.ChatClient;

namespace LlmWorkbook.Providers;

/// <summary>
/// The chat model every chapter talks to, behind <see cref="IChatClient"/>: the course assistant on this machine by
/// default, or a hosted model (OpenAI, Azure OpenAI, Ollama, any OpenAI-compatible server) chosen with environment
/// variables or user secrets (<see cref="ChatSetting"/>; README: "Using a hosted model"). Creating a client makes no
/// network call; the first request does.
/// </summary>
public static class ChatProvider
{
    /// <summary>The credential sent to an openai-compatible server when no key is set; such servers ignore it.</summary>
    private const string NoKey = "none";

    /// <summary>The client this machine is configured for (<see cref="ChatProviderSettings.FromEnvironment"/>).</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid; the message names it.</exception>
    /// <exception cref="FileNotFoundException">The local assistant's checkpoint is not there yet.</exception>
    public static IChatClient CreateClient() => CreateClient(ChatProviderSettings.FromEnvironment());

    /// <summary>The client for <paramref name="settings"/>, after <see cref="ChatProviderSettings.Validate"/>.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid; the message names it.</exception>
    /// <exception cref="FileNotFoundException">The local assistant's checkpoint is not there yet.</exception>
    public static IChatClient CreateClient(ChatProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        // Validate has checked that every setting a provider needs is there.
        return settings.Provider switch
        {
            ChatProviderKind.Local => CreateLocal(WorkbookPaths.Root),
            ChatProviderKind.OpenAI => OpenAIChat(settings.Model!, settings.Endpoint, settings.ApiKey!),
            ChatProviderKind.AzureOpenAI =>
                new AzureOpenAIClient(settings.Endpoint!, new ApiKeyCredential(settings.ApiKey!)).GetChatClient(settings.Model!).AsIChatClient(),
            ChatProviderKind.Ollama => new OllamaApiClient(settings.Endpoint ?? ChatProviderSettings.DefaultOllamaEndpoint, settings.Model!),
            ChatProviderKind.OpenAICompatible => OpenAIChat(settings.Model!, settings.Endpoint, settings.ApiKey ?? NoKey),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "not a provider"),
        };
    }

    /// <summary>The course assistant from the checkout at <paramref name="root"/>.</summary>
    internal static CourseChatClient CreateLocal(string root)
    {
        var checkpoint = Path.Combine(root, "data", CourseAssistant.CheckpointPath);
        if (!File.Exists(checkpoint))
        {
            throw new FileNotFoundException(
                $"The local chat provider needs the course assistant, data/{CourseAssistant.CheckpointPath}, which is not in " +
                "this checkout yet: run ./workbook train assistant to train it, or use a hosted model (README: \"Using a hosted model\").",
                checkpoint);
        }
        var tokenizer = Path.Combine(root, "data", CourseGpt.TokenizerPath);
        if (!File.Exists(tokenizer))
        {
            throw new FileNotFoundException($"data/{CourseGpt.TokenizerPath} is missing from this checkout.", tokenizer);
        }
        return CourseChatClient.Load(checkpoint, tokenizer);
    }

    private static IChatClient OpenAIChat(string model, Uri? endpoint, string apiKey)
    {
        var options = new OpenAIClientOptions();
        if (endpoint is not null)
        {
            options.Endpoint = endpoint;
        }
        return new OpenAIChatClient(model, new ApiKeyCredential(apiKey), options).AsIChatClient();
    }
}

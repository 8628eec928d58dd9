using System.Net;
using System.Net.Sockets;
using LlmWorkbook.Providers;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Providers;

public sealed class ChatProviderTests
{
    private const string Key = ChatProviderSettingsTests.Key;

    private static ChatClientMetadata Metadata(IChatClient client) =>
        Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));

    [Fact]
    public void The_default_is_the_local_assistant_and_a_missing_checkpoint_says_how_to_train_it()
    {
        Assert.Equal(ChatProviderKind.Local, ChatProviderSettings.Read(ChatProviderSettingsTests.Config()).Provider);

        var root = Directory.CreateTempSubdirectory("workbook-root-").FullName;
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => ChatProvider.CreateLocal(root));
            Assert.Contains("data/assistant/course-assistant.safetensors", error.Message);
            Assert.Contains("./workbook train assistant", error.Message);
            Assert.Equal(Path.Combine(root, "data", "assistant", "course-assistant.safetensors"), error.FileName);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void OpenAI_is_built_from_its_settings()
    {
        using var client = ChatProvider.CreateClient(new ChatProviderSettings(ChatProviderKind.OpenAI, "gpt-4o-mini", ApiKey: Key));
        var metadata = Metadata(client);
        Assert.Equal(("openai", "gpt-4o-mini", new Uri("https://api.openai.com/v1")), (metadata.ProviderName, metadata.DefaultModelId, metadata.ProviderUri));
    }

    [Fact]
    public void Azure_OpenAI_is_built_from_its_settings()
    {
        var endpoint = new Uri("https://course.openai.azure.com/");
        using var client = ChatProvider.CreateClient(new ChatProviderSettings(ChatProviderKind.AzureOpenAI, "chat", endpoint, Key));
        var metadata = Metadata(client);
        // Microsoft.Extensions.AI's OpenAI adapter reports Azure OpenAI as "openai" too: it is the same API.
        Assert.Equal(("openai", "chat", endpoint), (metadata.ProviderName, metadata.DefaultModelId, metadata.ProviderUri));
    }

    [Fact]
    public void Ollama_is_built_from_its_settings()
    {
        using var client = ChatProvider.CreateClient(new ChatProviderSettings(ChatProviderKind.Ollama, "llama3.2"));
        var metadata = Metadata(client);
        Assert.Equal(("ollama", "llama3.2", ChatProviderSettings.DefaultOllamaEndpoint), (metadata.ProviderName, metadata.DefaultModelId, metadata.ProviderUri));
    }

    [Fact]
    public void An_OpenAI_compatible_server_is_built_from_its_settings_with_or_without_a_key()
    {
        var endpoint = new Uri("http://localhost:5000/v1");
        foreach (var key in new[] { null, Key })
        {
            using var client = ChatProvider.CreateClient(new ChatProviderSettings(ChatProviderKind.OpenAICompatible, "course-assistant", endpoint, key));
            var metadata = Metadata(client);
            Assert.Equal(("course-assistant", endpoint), (metadata.DefaultModelId, metadata.ProviderUri));
        }
    }

    [Fact]
    public void Creating_a_hosted_client_makes_no_connection()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/v1");
            var clients = new[]
            {
                ChatProvider.CreateClient(new ChatProviderSettings(ChatProviderKind.OpenAI, "m", endpoint, Key)),
                ChatProvider.CreateClient(new ChatProviderSettings(ChatProviderKind.AzureOpenAI, "m", endpoint, Key)),
                ChatProvider.CreateClient(new ChatProviderSettings(ChatProviderKind.Ollama, "m", endpoint)),
                ChatProvider.CreateClient(new ChatProviderSettings(ChatProviderKind.OpenAICompatible, "m", endpoint)),
            };
            Assert.All(clients, c => Assert.Equal(endpoint.Port, Metadata(c).ProviderUri?.Port));
            Thread.Sleep(200);
            Assert.False(listener.Pending());
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void The_key_is_in_no_metadata_and_no_error()
    {
        foreach (var kind in Enum.GetValues<ChatProviderKind>().Where(k => k is not (ChatProviderKind.Local or ChatProviderKind.Ollama)))
        {
            using var client = ChatProvider.CreateClient(new ChatProviderSettings(kind, "m", new Uri("https://example.org/v1"), Key));
            var metadata = Metadata(client);
            Assert.DoesNotContain(Key, $"{metadata.ProviderName} {metadata.ProviderUri} {metadata.DefaultModelId}");
        }
        var error = Assert.Throws<InvalidOperationException>(() => ChatProvider.CreateClient(new ChatProviderSettings(ChatProviderKind.AzureOpenAI, ApiKey: Key)));
        Assert.DoesNotContain(Key, error.ToString());
        Assert.Contains("WORKBOOK_CHAT_ENDPOINT", error.Message);
    }
}

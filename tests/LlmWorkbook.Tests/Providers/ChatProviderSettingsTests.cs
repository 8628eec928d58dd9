using LlmWorkbook.Providers;
using Microsoft.Extensions.Configuration;

namespace LlmWorkbook.Tests.Providers;

public sealed class ChatProviderSettingsTests
{
    /// <summary>Looks like a real key, so that a leak would be found wherever it went.</summary>
    internal const string Key = "sk-test-0123456789abcdefSECRET";

    internal static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    private static ChatProviderSettings Read(params (string Key, string? Value)[] values) => ChatProviderSettings.Read(Config(values));

    private static string ValidationError(ChatProviderSettings settings) =>
        Assert.Throws<InvalidOperationException>(settings.Validate).Message;

    [Fact]
    public void Nothing_set_is_the_local_assistant()
    {
        var settings = Read();
        Assert.Equal(ChatProviderSettings.Local, settings);
        settings.Validate();
        Assert.Equal("local: the course assistant (data/assistant/course-assistant.safetensors)", settings.ToString());
    }

    [Theory]
    [InlineData("local", ChatProviderKind.Local)]
    [InlineData("openai", ChatProviderKind.OpenAI)]
    [InlineData(" Azure-OpenAI ", ChatProviderKind.AzureOpenAI)]
    [InlineData("OLLAMA", ChatProviderKind.Ollama)]
    [InlineData("openai-compatible", ChatProviderKind.OpenAICompatible)]
    [InlineData("", ChatProviderKind.Local)]
    public void Provider_names_are_read_in_any_case(string name, ChatProviderKind kind) =>
        Assert.Equal(kind, Read(("Workbook:Chat:Provider", name)).Provider);

    [Fact]
    public void Local_chosen_on_purpose_ignores_a_hosted_setup() =>
        Assert.Equal(ChatProviderSettings.Local,
            Read(("Workbook:Chat:Provider", "local"), ("Workbook:Chat:Model", "gpt-4o-mini"), ("Workbook:Chat:ApiKey", Key)));

    [Fact]
    public void Each_hosted_provider_is_read_from_the_course_keys()
    {
        var openai = Read(("Workbook:Chat:Provider", "openai"), ("Workbook:Chat:Model", "gpt-4o-mini"), ("Workbook:Chat:ApiKey", Key));
        Assert.Equal(new ChatProviderSettings(ChatProviderKind.OpenAI, "gpt-4o-mini", null, Key), openai);

        var azure = Read(("Workbook:Chat:Provider", "azure-openai"), ("Workbook:Chat:Model", "chat"),
            ("Workbook:Chat:Endpoint", "https://course.openai.azure.com/"), ("Workbook:Chat:ApiKey", Key));
        Assert.Equal(new ChatProviderSettings(ChatProviderKind.AzureOpenAI, "chat", new Uri("https://course.openai.azure.com/"), Key), azure);

        var ollama = Read(("Workbook:Chat:Provider", "ollama"), ("Workbook:Chat:Model", "llama3.2"));
        Assert.Equal(new ChatProviderSettings(ChatProviderKind.Ollama, "llama3.2"), ollama);

        var compatible = Read(("Workbook:Chat:Provider", "openai-compatible"), ("Workbook:Chat:Model", "course-assistant"),
            ("Workbook:Chat:Endpoint", "http://localhost:5000/v1"));
        Assert.Equal(new ChatProviderSettings(ChatProviderKind.OpenAICompatible, "course-assistant", new Uri("http://localhost:5000/v1")), compatible);

        foreach (var settings in new[] { openai, azure, ollama, compatible })
        {
            settings.Validate();
        }
    }

    [Fact]
    public void The_providers_usual_variables_stand_in_for_unset_course_settings()
    {
        var openai = Read(("Workbook:Chat:Provider", "openai"), ("OPENAI_API_KEY", Key));
        Assert.Equal(Key, openai.ApiKey);

        var azure = Read(("Workbook:Chat:Provider", "azure-openai"),
            ("AZURE_OPENAI_ENDPOINT", "https://course.openai.azure.com/"), ("AZURE_OPENAI_API_KEY", Key));
        Assert.Equal((new Uri("https://course.openai.azure.com/"), Key), (azure.Endpoint, azure.ApiKey));

        // The course's own setting wins.
        Assert.Equal("course", Read(("Workbook:Chat:Provider", "openai"), ("OPENAI_API_KEY", Key), ("Workbook:Chat:ApiKey", "course")).ApiKey);
    }

    [Fact]
    public void An_OpenAI_key_is_never_sent_to_another_server()
    {
        var compatible = Read(("Workbook:Chat:Provider", "openai-compatible"), ("OPENAI_API_KEY", Key), ("AZURE_OPENAI_API_KEY", Key));
        Assert.Null(compatible.ApiKey);
        Assert.Null(Read(("OPENAI_API_KEY", Key)).ApiKey);
        Assert.Null(Read(("Workbook:Chat:Provider", "ollama"), ("OPENAI_API_KEY", Key)).ApiKey);
    }

    [Theory]
    [InlineData("0.0.0.0", "http://0.0.0.0:11434/")]
    [InlineData("gpu-box:8080", "http://gpu-box:8080/")]
    [InlineData("[::1]", "http://[::1]:11434/")]
    [InlineData("https://ollama.example.org", "https://ollama.example.org/")]
    public void OLLAMA_HOST_is_read_as_Ollama_reads_it(string host, string endpoint) =>
        Assert.Equal(new Uri(endpoint), Read(("Workbook:Chat:Provider", "ollama"), ("OLLAMA_HOST", host)).Endpoint);

    [Fact]
    public void A_missing_setting_is_named()
    {
        var error = ValidationError(Read(("Workbook:Chat:Provider", "openai"), ("Workbook:Chat:Model", "gpt-4o-mini")));
        Assert.StartsWith("WORKBOOK_CHAT_PROVIDER is 'openai' but WORKBOOK_CHAT_API_KEY (or OPENAI_API_KEY) is not set. Set it as", error);
    }

    [Fact]
    public void Every_missing_setting_is_named_in_one_message()
    {
        var error = ValidationError(Read(("Workbook:Chat:Provider", "azure-openai")));
        Assert.StartsWith(
            "WORKBOOK_CHAT_PROVIDER is 'azure-openai' but WORKBOOK_CHAT_MODEL (the deployment's name), " +
            "WORKBOOK_CHAT_ENDPOINT (or AZURE_OPENAI_ENDPOINT) and WORKBOOK_CHAT_API_KEY (or AZURE_OPENAI_API_KEY) are not set.", error);

        Assert.StartsWith("WORKBOOK_CHAT_PROVIDER is 'openai-compatible' but WORKBOOK_CHAT_MODEL and WORKBOOK_CHAT_ENDPOINT are not set.",
            ValidationError(Read(("Workbook:Chat:Provider", "openai-compatible"))));
        Assert.StartsWith("WORKBOOK_CHAT_PROVIDER is 'ollama' but WORKBOOK_CHAT_MODEL is not set.",
            ValidationError(Read(("Workbook:Chat:Provider", "ollama"))));
    }

    [Fact]
    public void Settings_a_provider_would_ignore_are_named()
    {
        var local = ValidationError(Read(("Workbook:Chat:Model", "gpt-4o-mini"), ("Workbook:Chat:ApiKey", Key)));
        Assert.Equal(
            "WORKBOOK_CHAT_MODEL and WORKBOOK_CHAT_API_KEY are set but WORKBOOK_CHAT_PROVIDER is not: set it to the hosted provider " +
            "they are for (openai, azure-openai, ollama or openai-compatible), or to local to use the course assistant.", local);

        var ollama = ValidationError(new ChatProviderSettings(ChatProviderKind.Ollama, "llama3.2", ApiKey: Key));
        Assert.StartsWith("WORKBOOK_CHAT_PROVIDER is 'ollama', which takes no key, but WORKBOOK_CHAT_API_KEY is set", ollama);
    }

    [Fact]
    public void An_unknown_provider_is_named_with_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("Workbook:Chat:Provider", "opnai"))).Message;
        Assert.Equal("WORKBOOK_CHAT_PROVIDER is 'opnai': use local, openai, azure-openai, ollama or openai-compatible (unset means local).", error);
    }

    [Fact]
    public void A_key_in_the_wrong_setting_is_not_repeated()
    {
        var provider = Assert.Throws<InvalidOperationException>(() => Read(("Workbook:Chat:Provider", Key))).Message;
        Assert.DoesNotContain(Key, provider);
        Assert.StartsWith("WORKBOOK_CHAT_PROVIDER is a value that is not a provider name: use local,", provider);

        var endpoint = Assert.Throws<InvalidOperationException>(
            () => Read(("Workbook:Chat:Provider", "openai-compatible"), ("Workbook:Chat:Endpoint", Key))).Message;
        Assert.DoesNotContain(Key, endpoint);
        Assert.StartsWith("WORKBOOK_CHAT_ENDPOINT is not an http or https address", endpoint);
    }

    [Theory]
    [InlineData("https://course.openai.azure.com/?api-key=" + Key)]
    [InlineData("https://user:" + Key + "@course.openai.azure.com/")]
    [InlineData("ftp://course.openai.azure.com/")]
    public void An_endpoint_with_a_place_for_a_key_is_refused(string endpoint)
    {
        var read = Assert.Throws<InvalidOperationException>(
            () => Read(("Workbook:Chat:Provider", "azure-openai"), ("AZURE_OPENAI_ENDPOINT", endpoint))).Message;
        Assert.StartsWith("AZURE_OPENAI_ENDPOINT is not an http or https address", read);
        Assert.DoesNotContain(Key, read);

        var built = new ChatProviderSettings(ChatProviderKind.AzureOpenAI, "chat", new Uri(endpoint), Key);
        var error = ValidationError(built);
        Assert.StartsWith("The endpoint must", error);
        Assert.DoesNotContain(Key, error);
        Assert.DoesNotContain(Key, built.ToString());
    }

    [Fact]
    public void The_description_says_whether_a_key_is_set_but_never_shows_it()
    {
        Assert.Equal("openai, model gpt-4o-mini, key set", new ChatProviderSettings(ChatProviderKind.OpenAI, "gpt-4o-mini", ApiKey: Key).ToString());
        Assert.Equal("openai, model not set, key not set", new ChatProviderSettings(ChatProviderKind.OpenAI).ToString());
        Assert.Equal("azure-openai, deployment chat, endpoint https://course.openai.azure.com/, key set",
            new ChatProviderSettings(ChatProviderKind.AzureOpenAI, "chat", new Uri("https://course.openai.azure.com/"), Key).ToString());
        Assert.Equal("ollama, model llama3.2, endpoint http://localhost:11434/", new ChatProviderSettings(ChatProviderKind.Ollama, "llama3.2").ToString());
        Assert.Equal("openai-compatible, model m, endpoint not set, no key", new ChatProviderSettings(ChatProviderKind.OpenAICompatible, "m").ToString());
    }

    [Fact]
    public void The_key_appears_in_no_description_and_no_message()
    {
        foreach (var kind in Enum.GetValues<ChatProviderKind>())
        {
            foreach (var settings in new[]
            {
                new ChatProviderSettings(kind, ApiKey: Key),
                new ChatProviderSettings(kind, "m", new Uri("https://example.org/v1"), Key),
            })
            {
                Assert.DoesNotContain(Key, settings.ToString());
                Assert.DoesNotContain(Key, $"{settings}");
                var error = Record.Exception(settings.Validate);
                Assert.DoesNotContain(Key, error?.ToString() ?? "");
            }
        }
    }
}

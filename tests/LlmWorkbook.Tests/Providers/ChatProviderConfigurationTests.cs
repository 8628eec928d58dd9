using LlmWorkbook.Providers;
using Microsoft.Extensions.Configuration;

namespace LlmWorkbook.Tests.Providers;

public sealed class ChatProviderConfigurationTests : IDisposable
{
    private readonly string _secrets = Path.Combine(Path.GetTempPath(), $"workbook-secrets-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_secrets);

    private static ChatProviderSettings Read(Dictionary<string, string?> environment, string? secretsFile) =>
        ChatProviderSettings.Read(ChatProviderConfiguration.Build(environment, secretsFile));

    [Fact]
    public void Environment_variables_win_over_user_secrets()
    {
        // The flat form `dotnet user-secrets set` writes.
        File.WriteAllText(_secrets, """
            { "Workbook:Chat:Provider": "ollama", "Workbook:Chat:Model": "from-secrets", "Workbook:Chat:Endpoint": "http://secrets:11434/" }
            """);
        var settings = Read(new() { ["WORKBOOK_CHAT_MODEL"] = "from-environment", ["WORKBOOK_CHAT_ENDPOINT"] = "" }, _secrets);
        Assert.Equal(new ChatProviderSettings(ChatProviderKind.Ollama, "from-environment", new Uri("http://secrets:11434/")), settings);
    }

    [Fact]
    public void Nested_user_secrets_are_read_too()
    {
        File.WriteAllText(_secrets, """{ "Workbook": { "Chat": { "Provider": "openai", "Model": "gpt-4o-mini", "ApiKey": "k" } } }""");
        Assert.Equal(new ChatProviderSettings(ChatProviderKind.OpenAI, "gpt-4o-mini", ApiKey: "k"), Read([], _secrets));
    }

    [Fact]
    public void Every_setting_has_its_variable_and_no_other_variable_is_taken()
    {
        var environment = ChatSetting.All.ToDictionary(s => s.Variable, s => (string?)s.Variable.ToLowerInvariant());
        environment["PATH"] = "/usr/bin";
        var configuration = ChatProviderConfiguration.Build(environment, userSecretsFile: null);
        Assert.All(ChatSetting.All, s => Assert.Equal(s.Variable.ToLowerInvariant(), configuration[s.Key]));
        Assert.Equal(ChatSetting.All.Count, configuration.AsEnumerable().Count(kv => kv.Value is not null));
    }

    [Fact]
    public void No_secrets_file_is_no_secrets() =>
        Assert.Equal(ChatProviderSettings.Local, Read([], _secrets));
}

using LlmWorkbook.FineTuning;
using Microsoft.Extensions.Configuration;

namespace LlmWorkbook.Providers;

/// <summary>
/// Which chat provider <see cref="ChatProvider.CreateClient(ChatProviderSettings)"/> uses and how to reach it: read
/// with <see cref="Read"/> from <see cref="ChatSetting"/>'s keys, or built in code. <see cref="ToString"/> says whether
/// a key is set, never what it is, and no message of this type contains it.
/// </summary>
/// <param name="Provider">The provider.</param>
/// <param name="Model">The model's name (on Azure OpenAI, the deployment's); every hosted provider needs one.</param>
/// <param name="Endpoint">
/// The server's base address: needed by azure-openai and openai-compatible; for openai, null is OpenAI's API, for
/// ollama <see cref="DefaultOllamaEndpoint"/>.
/// </param>
/// <param name="ApiKey">The key: needed by openai and azure-openai, optional for openai-compatible, not taken by ollama.</param>
public sealed record ChatProviderSettings(ChatProviderKind Provider, string? Model = null, Uri? Endpoint = null, string? ApiKey = null)
{
    /// <summary>The local course assistant: what an unset <see cref="ChatSetting.Provider"/> means.</summary>
    public static ChatProviderSettings Local { get; } = new(ChatProviderKind.Local);

    /// <summary>Where Ollama listens when no endpoint is set.</summary>
    public static Uri DefaultOllamaEndpoint { get; } = new("http://localhost:11434/");

    private static readonly (ChatProviderKind Kind, string Name)[] Names =
    [
        (ChatProviderKind.Local, "local"),
        (ChatProviderKind.OpenAI, "openai"),
        (ChatProviderKind.AzureOpenAI, "azure-openai"),
        (ChatProviderKind.Ollama, "ollama"),
        (ChatProviderKind.OpenAICompatible, "openai-compatible"),
    ];

    /// <summary>The names <see cref="ChatSetting.Provider"/> takes, in <see cref="ChatProviderKind"/>'s order.</summary>
    public static IReadOnlyList<string> ProviderNames { get; } = Names.Select(n => n.Name).ToList();

    /// <summary>The provider's name, as <see cref="ChatSetting.Provider"/> spells it.</summary>
    public string ProviderName => Names.FirstOrDefault(n => n.Kind == Provider).Name ?? Provider.ToString();

    /// <summary>The settings of this machine: environment variables over user secrets (<see cref="ChatProviderConfiguration.Build()"/>).</summary>
    public static ChatProviderSettings FromEnvironment() => Read(ChatProviderConfiguration.Build());

    /// <summary>
    /// Reads <see cref="ChatSetting"/>'s keys. An unset provider is local; one set to local ignores the other settings
    /// (so a hosted setup can stay in user secrets while the local model is used). For openai the key may come from
    /// OPENAI_API_KEY, for azure-openai the endpoint and key from AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY, and for
    /// ollama the endpoint from OLLAMA_HOST (host[:port], http and port 11434 assumed), each when the course's own
    /// setting is not set. What is missing is left to <see cref="Validate"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The provider is not one of <see cref="ProviderNames"/>, or the endpoint is not an http(s) address.</exception>
    public static ChatProviderSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? Value(ChatSetting setting) => configuration[setting.Key]?.Trim() is { Length: > 0 } value ? value : null;

        var name = Value(ChatSetting.Provider);
        var provider = name is null ? ChatProviderKind.Local : ParseProvider(name);
        if (name is not null && provider == ChatProviderKind.Local)
        {
            return Local; // chosen on purpose: the other settings are kept for when a hosted provider is chosen again
        }
        var apiKey = Value(ChatSetting.ApiKey) ?? provider switch
        {
            ChatProviderKind.OpenAI => Value(ChatSetting.OpenAIApiKey),
            ChatProviderKind.AzureOpenAI => Value(ChatSetting.AzureOpenAIApiKey),
            _ => null,
        };
        Uri? endpoint = null;
        if (Value(ChatSetting.Endpoint) is { } address)
        {
            endpoint = ParseEndpoint(address, ChatSetting.Endpoint);
        }
        else if (provider == ChatProviderKind.AzureOpenAI && Value(ChatSetting.AzureOpenAIEndpoint) is { } azure)
        {
            endpoint = ParseEndpoint(azure, ChatSetting.AzureOpenAIEndpoint);
        }
        else if (provider == ChatProviderKind.Ollama && Value(ChatSetting.OllamaHost) is { } host)
        {
            endpoint = ParseEndpoint(OllamaHostAddress(host), ChatSetting.OllamaHost);
        }
        return new ChatProviderSettings(provider, Value(ChatSetting.Model), endpoint, apiKey);
    }

    /// <summary>Checks that the provider has every setting it needs, and none it would ignore.</summary>
    /// <exception cref="InvalidOperationException">One message naming every missing or unwanted setting.</exception>
    public void Validate()
    {
        var problems = Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }
    }

    /// <summary>What the provider is and where it is, e.g. "openai, model gpt-4o-mini, key set"; never the key.</summary>
    public override string ToString()
    {
        if (Provider == ChatProviderKind.Local)
        {
            return $"local: the course assistant (data/{CourseAssistant.CheckpointPath})";
        }
        var parts = new List<string> { ProviderName };
        var model = Provider == ChatProviderKind.AzureOpenAI ? "deployment" : "model";
        parts.Add(!IsSet(Model) ? $"{model} not set" : $"{model} {Model}");
        var endpoint = Endpoint ?? (Provider == ChatProviderKind.Ollama ? DefaultOllamaEndpoint : null);
        if (endpoint is not null)
        {
            // User info and query are left out: a key pasted there must not be shown either (Validate rejects them).
            parts.Add($"endpoint {endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)}");
        }
        else if (Provider != ChatProviderKind.OpenAI)
        {
            parts.Add("endpoint not set");
        }
        if (Provider != ChatProviderKind.Ollama)
        {
            parts.Add(!IsSet(ApiKey) ? (Provider == ChatProviderKind.OpenAICompatible ? "no key" : "key not set") : "key set");
        }
        return string.Join(", ", parts);
    }

    private IEnumerable<string> Problems()
    {
        if (!Enum.IsDefined(Provider))
        {
            yield return $"{(int)Provider} is not a {nameof(ChatProviderKind)} value.";
            yield break;
        }
        var providerIs = $"{ChatSetting.Provider.Variable} is '{ProviderName}'";
        if (Provider == ChatProviderKind.Local)
        {
            var unused = new[] { (Set: IsSet(Model), Setting: ChatSetting.Model), (Set: Endpoint is not null, Setting: ChatSetting.Endpoint), (Set: IsSet(ApiKey), Setting: ChatSetting.ApiKey) }
                .Where(s => s.Set).Select(s => s.Setting.Variable).ToList();
            if (unused.Count > 0)
            {
                // Most likely a hosted setup with the provider forgotten: answering with the local model would hide that.
                yield return $"{List(unused)} {(unused.Count == 1 ? "is" : "are")} set but {ChatSetting.Provider.Variable} is not: " +
                    $"set it to the hosted provider {(unused.Count == 1 ? "that is" : "they are")} for ({List(ProviderNames.Skip(1), "or")}), " +
                    "or to local to use the course assistant.";
            }
            yield break;
        }

        var missing = new List<string>();
        if (!IsSet(Model))
        {
            missing.Add(ChatSetting.Model.Variable + (Provider == ChatProviderKind.AzureOpenAI ? " (the deployment's name)" : ""));
        }
        if (Endpoint is null && Provider is ChatProviderKind.AzureOpenAI or ChatProviderKind.OpenAICompatible)
        {
            missing.Add(ChatSetting.Endpoint.Variable + (Provider == ChatProviderKind.AzureOpenAI ? $" (or {ChatSetting.AzureOpenAIEndpoint.Variable})" : ""));
        }
        if (!IsSet(ApiKey) && Provider is ChatProviderKind.OpenAI or ChatProviderKind.AzureOpenAI)
        {
            var usual = Provider == ChatProviderKind.OpenAI ? ChatSetting.OpenAIApiKey : ChatSetting.AzureOpenAIApiKey;
            missing.Add($"{ChatSetting.ApiKey.Variable} (or {usual.Variable})");
        }
        if (missing.Count > 0)
        {
            yield return $"{providerIs} but {List(missing)} {(missing.Count == 1 ? "is" : "are")} not set. Set " +
                $"{(missing.Count == 1 ? "it as an environment variable or a user secret" : "them as environment variables or user secrets")} " +
                "(README: \"Using a hosted model\").";
        }
        if (Endpoint is not null && EndpointProblem(Endpoint) is { } problem)
        {
            yield return $"The endpoint {problem}.";
        }
        if (IsSet(ApiKey) && Provider == ChatProviderKind.Ollama)
        {
            yield return $"{providerIs}, which takes no key, but {ChatSetting.ApiKey.Variable} is set: unset it (a server that needs a " +
                "key can be reached as openai-compatible, at its /v1 address).";
        }
    }

    private static ChatProviderKind ParseProvider(string name)
    {
        foreach (var (kind, known) in Names)
        {
            if (string.Equals(name, known, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        // A key pasted into the wrong variable must not end up in a message, so only a value that looks like a name is shown.
        var shown = name.Length <= 24 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ' ') ? $"'{name}'" : "a value that is not a provider name";
        throw new InvalidOperationException(
            $"{ChatSetting.Provider.Variable} is {shown}: use {List(ProviderNames, "or")} (unset means local).");
    }

    private static Uri ParseEndpoint(string address, ChatSetting setting)
    {
        if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && EndpointProblem(uri) is null)
        {
            return uri;
        }
        // The value is not repeated, for the same reason as the provider's: it may be a key in the wrong place.
        throw new InvalidOperationException(
            $"{setting.Variable} is not an http or https address with no user name, password or query " +
            $"(a key belongs in {ChatSetting.ApiKey.Variable}).");
    }

    private static string? EndpointProblem(Uri uri) =>
        !uri.IsAbsoluteUri || uri.Scheme is not ("http" or "https") ? "must be an absolute http or https address"
        : uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0
            ? $"must have no user name, password, query or fragment (a key belongs in {ChatSetting.ApiKey.Variable})"
        : null;

    /// <summary>OLLAMA_HOST as Ollama reads it: host[:port] or a URL; http and port 11434 when not given.</summary>
    private static string OllamaHostAddress(string host)
    {
        if (host.Contains("://", StringComparison.Ordinal))
        {
            return host;
        }
        var authority = host.Split('/')[0];
        var hasPort = authority.LastIndexOf(':') > authority.LastIndexOf(']'); // ']' ends an IPv6 address
        return hasPort ? $"http://{host}" : $"http://{authority}:{DefaultOllamaEndpoint.Port}{host[authority.Length..]}";
    }

    private static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);

    private static string List(IEnumerable<string> items, string conjunction = "and")
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} {conjunction} {list[^1]}";
    }
}

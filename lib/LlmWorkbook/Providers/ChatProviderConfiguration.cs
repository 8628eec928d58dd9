using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace LlmWorkbook.Providers;

/// <summary>
/// Where the chat provider's settings come from: the user secrets of <see cref="UserSecretsId"/>, overridden by
/// environment variables. Only <see cref="ChatSetting.All"/> are taken from the environment, each under its
/// <see cref="ChatSetting.Key"/>, so both sources use the same keys.
/// </summary>
public static class ChatProviderConfiguration
{
    /// <summary>
    /// The user secrets id shared by every notebook and program of the course (a notebook has no project file to name
    /// one): <c>dotnet user-secrets set Workbook:Chat:ApiKey … --id llm-workbook</c>.
    /// </summary>
    public const string UserSecretsId = "llm-workbook";

    /// <summary>This process's environment variables over this user's secrets.</summary>
    public static IConfiguration Build()
    {
        var environment = ChatSetting.All.ToDictionary(s => s.Variable, s => Environment.GetEnvironmentVariable(s.Variable));
        string? secrets;
        try
        {
            secrets = PathHelper.GetSecretsPathFromSecretsId(UserSecretsId);
        }
        catch (InvalidOperationException)
        {
            // Neither HOME nor APPDATA is set: there is no user profile, so there are no user secrets to read.
            secrets = null;
        }
        return Build(environment, secrets);
    }

    /// <summary>The given environment over the secrets file, when there is one.</summary>
    internal static IConfiguration Build(IReadOnlyDictionary<string, string?> environment, string? userSecretsFile)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var builder = new ConfigurationBuilder();
        if (userSecretsFile is not null)
        {
            builder.AddJsonFile(userSecretsFile, optional: true, reloadOnChange: false);
        }
        // Added last, so an environment variable wins over the secret with the same key.
        return builder.AddInMemoryCollection(
            from setting in ChatSetting.All
            where environment.TryGetValue(setting.Variable, out var value) && !string.IsNullOrWhiteSpace(value)
            select KeyValuePair.Create(setting.Key, environment[setting.Variable]))
            .Build();
    }
}

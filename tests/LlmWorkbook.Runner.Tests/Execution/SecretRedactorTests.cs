using LlmWorkbook.Runner.Execution;

namespace LlmWorkbook.Runner.Tests.Execution;

/// <summary>Secrets from the environment and key-shaped strings become "***".</summary>
public sealed class SecretRedactorTests
{
    [Fact]
    public void Redact_masks_values_of_secret_named_variables_and_key_shaped_strings()
    {
        var redactor = new SecretRedactor([
            KeyValuePair.Create("OPENAI_API_KEY", (string?)"value-of-the-key"),
            KeyValuePair.Create("HOME", (string?)"/home/learner"),
            KeyValuePair.Create("SHORT_TOKEN", (string?)"abc"),
        ]);
        Assert.Equal("key *** home /home/learner short abc and ***.",
            redactor.Redact("key value-of-the-key home /home/learner short abc and sk-abcdefghijklmnopqrstuvwxyz123456."));
    }
}

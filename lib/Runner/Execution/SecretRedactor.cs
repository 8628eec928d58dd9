using System.Text.RegularExpressions;

namespace LlmWorkbook.Runner.Execution;

/// <summary>
/// Keeps secrets out of saved outputs and reports: the values of environment variables whose names say they are
/// secrets (KEY, TOKEN, SECRET, PASSWORD), and anything shaped like an OpenAI-style key, become "***".
/// </summary>
public sealed partial class SecretRedactor
{
    private const string Mask = "***";
    private readonly string[] _values;

    /// <summary>Redacts the values of the secret-named variables in <paramref name="environment"/> (8 characters or longer).</summary>
    public SecretRedactor(IEnumerable<KeyValuePair<string, string?>> environment)
    {
        _values = environment
            .Where(e => SecretName().IsMatch(e.Key) && e.Value is { Length: >= 8 })
            .Select(e => e.Value!)
            .Distinct()
            .OrderByDescending(v => v.Length)
            .ToArray();
    }

    /// <summary>A redactor for this process's environment plus the kernel's <paramref name="extra"/> variables.</summary>
    public static SecretRedactor FromProcessEnvironment(IReadOnlyDictionary<string, string> extra) =>
        new(Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => KeyValuePair.Create((string)e.Key, (string?)e.Value))
            .Concat(extra.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value))));

    /// <summary><paramref name="text"/> with every secret value and key-shaped string replaced by "***". Redact joined text, not pieces: a secret split across two pieces is in neither.</summary>
    public string Redact(string text)
    {
        foreach (var value in _values)
        {
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        }
        return KeyShaped().Replace(text, Mask);
    }

    [GeneratedRegex("(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{20,}")]
    private static partial Regex KeyShaped();
}

namespace LlmWorkbook.Tokenization;

/// <summary>
/// Pre-tokenization regexes: text is first cut into chunks (words with their leading space, runs of digits,
/// punctuation, whitespace) and BPE merges never cross a chunk boundary. Patterns as published with tiktoken.
/// </summary>
/// <remarks>
/// .NET regexes match UTF-16 code units, so a letter outside the Basic Multilingual Plane (a surrogate pair, e.g.
/// 𝐀) is not <c>\p{L}</c> here as it is in tiktoken's Rust regex. Microsoft.ML.Tokenizers shares this behaviour;
/// ordinary text in every living script is unaffected.
/// </remarks>
public static class SplitPatterns
{
    /// <summary>GPT-2 (r50k_base): contractions, letters, numbers and punctuation, each with an optional leading space.</summary>
    public const string Gpt2 = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>GPT-4 (cl100k_base): case-insensitive contractions, numbers in groups of at most three digits, newlines kept apart.</summary>
    public const string Gpt4 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>GPT-4o (o200k_base): words split at case changes (CamelCase), contractions attached to the word.</summary>
    public const string Gpt4o =
        @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?" +
        @"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?" +
        @"|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+";
}

using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Prompting;

/// <summary>
/// Extractive answers by construction: the reply must be copied from a source text. A token is allowed only if the
/// reply with it is still a piece of the source (compared as UTF-8 bytes), and the end token only once the reply is
/// not empty; every other special token is masked. The model still chooses where the copied span starts and where it
/// stops — the constraint only removes every word that is not in the source.
/// </summary>
public sealed class ContextSpanConstraint : ITokenConstraint
{
    private readonly byte[] _source;
    private readonly byte[]?[] _tokens;
    private readonly int _endToken;
    private List<int>? _starts;   // where in the source the reply so far occurs; null before the first token
    private int _length;

    /// <param name="source">The text the reply must be copied from.</param>
    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="endToken">The token that ends a reply (&lt;|im_end|&gt;).</param>
    public ContextSpanConstraint(string source, ByteLevelBpeTokenizer tokenizer, int endToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfNegative(endToken);
        _source = System.Text.Encoding.UTF8.GetBytes(source);
        _tokens = Enumerable.Range(0, tokenizer.VocabSize).Select(id => tokenizer.IsSpecial(id) ? null : tokenizer.TokenBytes(id)).ToArray();
        _endToken = endToken;
    }

    /// <summary>Whether the end token has been accepted.</summary>
    public bool HasEnded { get; private set; }

    /// <inheritdoc/>
    public void Mask(Span<bool> allowed)
    {
        for (var id = 0; id < allowed.Length; id++)
        {
            allowed[id] = !HasEnded && (id < _tokens.Length && _tokens[id] is { } bytes ? Continues(bytes) : id == _endToken && _length > 0);
        }
    }

    /// <inheritdoc/>
    public void Accept(int token)
    {
        if (token == _endToken && _length > 0)
        {
            HasEnded = true;
            return;
        }
        var bytes = (uint)token < (uint)_tokens.Length ? _tokens[token] : null;
        if (HasEnded || bytes is null || !Continues(bytes))
        {
            throw new InvalidOperationException($"token {token} does not continue a piece of the source");
        }
        _starts = (_starts ?? Enumerable.Range(0, _source.Length).ToList()).Where(s => Matches(s, bytes)).ToList();
        _length += bytes.Length;
    }

    private bool Continues(byte[] bytes) =>
        _starts is null ? _source.AsSpan().IndexOf(bytes) >= 0 : _starts.Any(s => Matches(s, bytes));

    private bool Matches(int start, byte[] bytes) =>
        start + _length + bytes.Length <= _source.Length && _source.AsSpan(start + _length, bytes.Length).SequenceEqual(bytes);
}

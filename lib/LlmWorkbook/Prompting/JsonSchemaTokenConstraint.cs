using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Prompting;

/// <summary>
/// Grammar-constrained decoding: at each step only the tokens whose bytes continue a document of the grammar are
/// allowed, so the reply is valid by construction. Tokens may end inside a multi-byte character; the grammar reads bytes.
/// Special tokens are never allowed, except <c>endToken</c> once the document is complete; a complete object or
/// array allows nothing else, so the reply then ends. Given the reply's token budget, the reply is also complete
/// within it: once the tokens left are no more than the bytes of the shortest completion
/// (<see cref="JsonGrammarState.ShortestCompletion"/>) plus the end token, only tokens that follow that completion are
/// allowed — a model stuck in a long list or string is made to close it.
/// </summary>
/// <remarks>
/// A mask step walks a trie of the vocabulary's byte strings from the current state, dropping a subtree at the first
/// byte the grammar refuses. Masks are remembered by state, with a string's length forgotten while its bounds are out
/// of a token's reach, so inside a long string the walk runs once. One instance follows one reply; it is not safe for
/// concurrent use.
/// </remarks>
public sealed class JsonSchemaTokenConstraint : ITokenConstraint
{
    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly TokenByteTrie _trie;
    private readonly int _endToken;
    private readonly Dictionary<JsonGrammarState, bool[]> _masks = [];
    private const int MaxRememberedMasks = 256;
    private int? _tokensLeft;

    /// <param name="grammar">The documents the reply may be.</param>
    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="endToken">The special token that ends the reply, e.g. &lt;|im_end|&gt;.</param>
    /// <param name="tokenBudget">The reply's maximum tokens, end token included; null for no limit.</param>
    public JsonSchemaTokenConstraint(JsonSchemaGrammar grammar, ByteLevelBpeTokenizer tokenizer, int endToken, int? tokenBudget = null)
    {
        if (tokenBudget is { } budget)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1, nameof(tokenBudget));
        }
        _tokensLeft = tokenBudget;
        ArgumentNullException.ThrowIfNull(grammar);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (!tokenizer.IsSpecial(endToken))
        {
            throw new ArgumentException($"the end token {endToken} is not one of the tokenizer's special tokens", nameof(endToken));
        }
        _tokenizer = tokenizer;
        _trie = TokenByteTrie.For(tokenizer);
        _endToken = endToken;
        State = grammar.Start;
    }

    /// <summary>The grammar's state after the tokens accepted so far.</summary>
    public JsonGrammarState State { get; private set; }

    /// <summary>Whether the tokens so far make a whole document.</summary>
    public bool IsComplete => State.IsComplete;

    /// <summary>Whether the end token has been accepted: then no token is allowed.</summary>
    public bool HasEnded { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="allowed"/> is shorter than the tokenizer's vocabulary.</exception>
    public void Mask(Span<bool> allowed)
    {
        if (allowed.Length < _tokenizer.VocabSize)
        {
            throw new ArgumentException($"the mask has {allowed.Length} entries, fewer than the tokenizer's {_tokenizer.VocabSize} ids", nameof(allowed));
        }
        allowed.Clear();
        if (HasEnded)
        {
            return;
        }
        if (_tokensLeft is { } left && !State.IsComplete && State.ShortestCompletion() is { } completion && completion.Length + 1 >= left)
        {
            // Finish: only tokens whose bytes begin the shortest completion (every single byte is a token, so one exists).
            _trie.AllowPrefixesOf(completion, allowed);
            return;
        }
        var key = State.ForgetLength(_trie.LongestToken);
        if (!_masks.TryGetValue(key, out var mask))
        {
            if (_masks.Count == MaxRememberedMasks)
            {
                _masks.Clear();
            }
            mask = new bool[_tokenizer.VocabSize];
            _trie.AllowValid(State, mask);
            mask[_endToken] = State.IsComplete;
            _masks[key] = mask;
        }
        mask.CopyTo(allowed);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The token does not continue a document of the grammar.</exception>
    public void Accept(int token)
    {
        if (HasEnded)
        {
            throw new InvalidOperationException("the reply has ended: no token may follow the end token");
        }
        if (token == _endToken && State.IsComplete)
        {
            HasEnded = true;
            return;
        }
        var next = _tokenizer.IsSpecial(token) ? null : State.Advance(_tokenizer.TokenBytes(token));
        State = next ?? throw new InvalidOperationException($"token {token} does not continue a document of the grammar");
        _tokensLeft--;
    }
}

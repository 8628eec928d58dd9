using System.Runtime.CompilerServices;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Prompting;

/// <summary>
/// A tokenizer's ordinary tokens in a trie over their bytes, so that a mask step walks each shared prefix once and
/// drops a whole subtree at the first byte the grammar refuses (in JSON structure, almost every token goes at once).
/// </summary>
internal sealed class TokenByteTrie
{
    private static readonly ConditionalWeakTable<ByteLevelBpeTokenizer, TokenByteTrie> Tries = [];

    // Node n's children are edges _firstEdge[n] .. _firstEdge[n + 1] - 1, ordered by byte; node 0 is the root.
    private readonly int[] _firstEdge;
    private readonly byte[] _edgeByte;
    private readonly int[] _edgeTarget;
    // The token whose bytes end at node n, or -1 (byte strings of ordinary tokens are distinct, so at most one).
    private readonly int[] _token;

    private TokenByteTrie(ByteLevelBpeTokenizer tokenizer)
    {
        var root = new Builder();
        var nodes = 1;
        foreach (var (bytes, rank) in tokenizer.Ranks)
        {
            LongestToken = Math.Max(LongestToken, bytes.Length);
            var node = root;
            foreach (var b in bytes)
            {
                if (!node.Children.TryGetValue(b, out var child))
                {
                    node.Children[b] = child = new Builder();
                    nodes++;
                }
                node = child;
            }
            node.Token = rank;
        }
        _firstEdge = new int[nodes + 1];
        _edgeByte = new byte[nodes - 1];
        _edgeTarget = new int[nodes - 1];
        _token = new int[nodes];
        // Breadth first: every node's children get consecutive numbers, and so consecutive edges.
        var queue = new Queue<Builder>([root]);
        var numbered = 1;
        for (var n = 0; queue.TryDequeue(out var node); n++)
        {
            _token[n] = node.Token;
            _firstEdge[n] = numbered - 1;
            foreach (var (b, child) in node.Children.OrderBy(c => c.Key))
            {
                _edgeByte[numbered - 1] = b;
                _edgeTarget[numbered - 1] = numbered++;
                queue.Enqueue(child);
            }
        }
        _firstEdge[nodes] = nodes - 1;
    }

    /// <summary>The most bytes of one token.</summary>
    public int LongestToken { get; }

    /// <summary>The trie of a tokenizer's ordinary tokens, built once per tokenizer.</summary>
    public static TokenByteTrie For(ByteLevelBpeTokenizer tokenizer) => Tries.GetValue(tokenizer, t => new TokenByteTrie(t));

    /// <summary>Sets allowed[id] for every ordinary token whose bytes continue <paramref name="state"/> validly; leaves others as they are.</summary>
    public void AllowValid(JsonGrammarState state, Span<bool> allowed) => Walk(0, state, allowed);

    /// <summary>Sets allowed[id] for every ordinary token whose bytes are a non-empty prefix of <paramref name="text"/>.</summary>
    public void AllowPrefixesOf(ReadOnlySpan<byte> text, Span<bool> allowed)
    {
        var node = 0;
        foreach (var b in text)
        {
            var edge = Array.BinarySearch(_edgeByte, _firstEdge[node], _firstEdge[node + 1] - _firstEdge[node], b);
            if (edge < 0)
            {
                return;
            }
            node = _edgeTarget[edge];
            if (_token[node] >= 0)
            {
                allowed[_token[node]] = true;
            }
        }
    }

    private void Walk(int node, JsonGrammarState state, Span<bool> allowed)
    {
        for (var edge = _firstEdge[node]; edge < _firstEdge[node + 1]; edge++)
        {
            if (state.Advance(_edgeByte[edge]) is not { } next)
            {
                continue;
            }
            var child = _edgeTarget[edge];
            if (_token[child] >= 0)
            {
                allowed[_token[child]] = true;
            }
            Walk(child, next, allowed);
        }
    }

    private sealed class Builder
    {
        public Dictionary<byte, Builder> Children { get; } = [];

        public int Token { get; set; } = -1;
    }
}

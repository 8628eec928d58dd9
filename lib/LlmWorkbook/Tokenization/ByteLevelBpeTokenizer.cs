using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmWorkbook.Tokenization;

/// <summary>
/// Byte-level BPE tokenizer in the tiktoken style: text is split by a regex into chunks, each chunk's UTF-8 bytes are
/// merged pairwise, always merging the adjacent pair whose joined bytes have the lowest rank (leftmost on ties),
/// until no joined pair is a token. Token id = rank. Special tokens are registered explicitly and are only produced
/// when the caller allows them; otherwise text such as "&lt;|endoftext|&gt;" is encoded as ordinary text.
/// </summary>
/// <remarks>
/// Strings with lone UTF-16 surrogates (invalid Unicode) are encoded as if each lone surrogate were U+FFFD, the
/// Unicode replacement character, as tiktoken and UTF-8 encoders do; so Decode(Encode(s)) returns s with lone
/// surrogates replaced, and every valid string round-trips exactly.
/// </remarks>
public sealed class ByteLevelBpeTokenizer
{
    /// <summary>
    /// The most ids (ordinary and special tokens) a tokenizer may have: 2,097,152, ten times o200k_base's 200,019.
    /// Ids index a table, so a corrupt rank such as 2,147,483,647 must not decide its size.
    /// </summary>
    public const int MaxVocabSize = 1 << 21;

    private const int MaxCachedChunks = 100_000;

    private readonly byte[]?[] _tokenBytes;
    private readonly Dictionary<byte[], int> _ranks;
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _rankLookup;
    private readonly Dictionary<string, int> _specialTokens;
    private readonly Dictionary<int, string> _specialTokensById;
    private readonly Regex _splitter;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheLookup;
    private int _cachedChunks;

    /// <param name="ranks">Token bytes → rank (= id), each below <see cref="MaxVocabSize"/>. Every single byte must be present.</param>
    /// <param name="splitPattern">The pre-tokenization regex, e.g. <see cref="SplitPatterns.Gpt4"/>.</param>
    /// <param name="specialTokens">Special token text → id, below <see cref="MaxVocabSize"/>; ids must not collide with ranks.</param>
    /// <param name="merges">The merges that produced the ranks, when known (from <see cref="BpeTrainer"/>).</param>
    public ByteLevelBpeTokenizer(
        IReadOnlyDictionary<byte[], int> ranks,
        string splitPattern,
        IReadOnlyDictionary<string, int>? specialTokens = null,
        IReadOnlyList<BpeMerge>? merges = null)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        ArgumentNullException.ThrowIfNull(splitPattern);
        foreach (var (bytes, rank) in ranks)
        {
            if ((uint)rank >= MaxVocabSize)
            {
                throw new ArgumentException($"Rank {rank} (token {Convert.ToBase64String(bytes)}) is outside 0 to {MaxVocabSize - 1}.", nameof(ranks));
            }
        }
        foreach (var (text, id) in specialTokens ?? new Dictionary<string, int>())
        {
            if ((uint)id >= MaxVocabSize)
            {
                throw new ArgumentException($"Special token '{text}' has id {id}, outside 0 to {MaxVocabSize - 1}.", nameof(specialTokens));
            }
        }
        _ranks = new Dictionary<byte[], int>(ranks, ByteSequenceComparer.Instance);
        _rankLookup = _ranks.GetAlternateLookup<ReadOnlySpan<byte>>();
        for (var b = 0; b < 256; b++)
        {
            if (!_rankLookup.ContainsKey([(byte)b]))
            {
                throw new ArgumentException($"Byte 0x{b:X2} has no rank: a byte-level BPE vocabulary needs all 256 single bytes.", nameof(ranks));
            }
        }
        _specialTokens = new Dictionary<string, int>(specialTokens ?? new Dictionary<string, int>(), StringComparer.Ordinal);
        _specialTokensById = _specialTokens.ToDictionary(kv => kv.Value, kv => kv.Key);
        var maxId = Math.Max(_ranks.Values.Max(), _specialTokens.Count == 0 ? -1 : _specialTokens.Values.Max());
        _tokenBytes = new byte[]?[maxId + 1];
        foreach (var (bytes, rank) in _ranks)
        {
            if (_tokenBytes[rank] is not null)
            {
                throw new ArgumentException($"Rank {rank} is used twice.", nameof(ranks));
            }
            _tokenBytes[rank] = bytes;
        }
        foreach (var (text, id) in _specialTokens)
        {
            if (_tokenBytes[id] is not null)
            {
                throw new ArgumentException($"Special token '{text}' has id {id}, which is already a rank or another special token.", nameof(specialTokens));
            }
            _tokenBytes[id] = Encoding.UTF8.GetBytes(text);
        }
        SplitPattern = splitPattern;
        _splitter = new Regex(splitPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _cacheLookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        Merges = merges ?? [];
    }

    public string SplitPattern { get; }

    /// <summary>The number of ids (largest id + 1), including special tokens: the size of a model's embedding table.</summary>
    public int VocabSize => _tokenBytes.Length;

    /// <summary>The number of ordinary (mergeable) tokens.</summary>
    public int RankCount => _ranks.Count;

    public IReadOnlyDictionary<string, int> SpecialTokens => _specialTokens;

    /// <summary>The training merges in order (empty for a tokenizer loaded from ranks alone).</summary>
    public IReadOnlyList<BpeMerge> Merges { get; }

    /// <summary>Ordinary tokens as (bytes, rank), in rank order: what the tiktoken file format stores.</summary>
    public IEnumerable<(byte[] Bytes, int Rank)> Ranks => _ranks.Select(kv => (kv.Key, kv.Value)).OrderBy(r => r.Value);

    /// <summary>The id of a registered special token.</summary>
    public int SpecialTokenId(string text) =>
        _specialTokens.TryGetValue(text, out var id) ? id : throw new KeyNotFoundException($"'{text}' is not a registered special token.");

    public bool IsSpecial(int id) => _specialTokensById.ContainsKey(id);

    /// <summary>The bytes of one token (a special token's are its UTF-8 text); a copy, free to modify.</summary>
    public byte[] TokenBytes(int id) => StoredBytes(id).ToArray();

    /// <summary>Encodes text as ordinary text: special-token strings in it are split like any other text.</summary>
    public List<int> Encode(string text) => Encode(text, allowedSpecial: null);

    /// <summary>
    /// Encodes text; occurrences of the special tokens named in <paramref name="allowedSpecial"/> become their ids,
    /// everything else (including other special-token strings) is ordinary text.
    /// </summary>
    public List<int> Encode(string text, IEnumerable<string>? allowedSpecial)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        var allowed = allowedSpecial?.ToList() ?? [];
        foreach (var name in allowed)
        {
            if (!_specialTokens.ContainsKey(name))
            {
                throw new ArgumentException($"'{name}' is not a registered special token.", nameof(allowedSpecial));
            }
        }
        var start = 0;
        while (allowed.Count > 0)
        {
            var (at, special) = FindFirst(text, start, allowed);
            if (at < 0)
            {
                break;
            }
            EncodeOrdinary(text.AsSpan(start, at - start), ids);
            ids.Add(_specialTokens[special!]);
            start = at + special!.Length;
        }
        EncodeOrdinary(text.AsSpan(start), ids);
        return ids;
    }

    /// <summary>Encodes text with every registered special token allowed (only for trusted text such as templates).</summary>
    public List<int> EncodeTrusted(string text) => Encode(text, _specialTokens.Keys);

    public int CountTokens(string text)
    {
        var ids = new List<int>();
        EncodeOrdinary(text, ids);
        return ids.Count;
    }

    /// <summary>The pre-tokenization chunks of a text (what BPE sees one at a time).</summary>
    public IEnumerable<string> Split(string text) => _splitter.Matches(text).Select(m => m.Value);

    public byte[] DecodeBytes(IEnumerable<int> ids)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var id in ids)
        {
            output.Write(StoredBytes(id));
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Decodes ids to text; byte sequences that are not valid UTF-8 (e.g. half a character) become U+FFFD.</summary>
    public string Decode(IEnumerable<int> ids) => Encoding.UTF8.GetString(DecodeBytes(ids));

    private byte[] StoredBytes(int id) =>
        (uint)id < (uint)_tokenBytes.Length && _tokenBytes[id] is { } bytes ? bytes : throw new ArgumentOutOfRangeException(nameof(id), id, "No such token id.");

    /// <summary>Loads ranks in the tiktoken file format (see <see cref="TiktokenFile"/>).</summary>
    /// <param name="ranks">A rank file's contents, one "base64(token bytes) rank" line per ordinary token.</param>
    /// <param name="splitPattern">The pre-tokenization regex, e.g. <see cref="SplitPatterns.Gpt4"/>.</param>
    /// <param name="specialTokens">Special token text → id, below <see cref="MaxVocabSize"/>; ids must not collide with ranks.</param>
    /// <param name="sourceName">The name errors give the ranks' file; by default a <see cref="FileStream"/>'s file name.</param>
    public static ByteLevelBpeTokenizer FromTiktoken(
        Stream ranks, string splitPattern, IReadOnlyDictionary<string, int>? specialTokens = null, string? sourceName = null) =>
        new(TiktokenFile.Read(ranks, sourceName), splitPattern, specialTokens);

    /// <summary>OpenAI's cl100k_base (GPT-4, GPT-3.5) ranks, read from the Microsoft.ML.Tokenizers.Data.Cl100kBase package.</summary>
    public static ByteLevelBpeTokenizer Cl100kBase() => FromTiktokenResource(
        "Microsoft.ML.Tokenizers.Data.Cl100kBase", "cl100k_base.tiktoken.deflate", SplitPatterns.Gpt4,
        new Dictionary<string, int>
        {
            ["<|endoftext|>"] = 100257, ["<|fim_prefix|>"] = 100258, ["<|fim_middle|>"] = 100259,
            ["<|fim_suffix|>"] = 100260, ["<|endofprompt|>"] = 100276,
        });

    /// <summary>OpenAI's o200k_base (GPT-4o) ranks, read from the Microsoft.ML.Tokenizers.Data.O200kBase package.</summary>
    public static ByteLevelBpeTokenizer O200kBase() => FromTiktokenResource(
        "Microsoft.ML.Tokenizers.Data.O200kBase", "o200k_base.tiktoken.deflate", SplitPatterns.Gpt4o,
        new Dictionary<string, int> { ["<|endoftext|>"] = 199999, ["<|endofprompt|>"] = 200018 });

    private static ByteLevelBpeTokenizer FromTiktokenResource(string assemblyName, string resource, string pattern, Dictionary<string, int> specials)
    {
        using var compressed = Assembly.Load(assemblyName).GetManifestResourceStream(resource)
            ?? throw new FileNotFoundException($"Resource {resource} not found in {assemblyName}.");
        using var ranks = new DeflateStream(compressed, CompressionMode.Decompress);
        return FromTiktoken(ranks, pattern, specials, resource);
    }

    private static (int At, string? Special) FindFirst(string text, int start, List<string> candidates)
    {
        var best = -1;
        string? found = null;
        foreach (var candidate in candidates)
        {
            var at = text.IndexOf(candidate, start, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best || (at == best && candidate.Length > found!.Length)))
            {
                best = at;
                found = candidate;
            }
        }
        return (best, found);
    }

    private void EncodeOrdinary(ReadOnlySpan<char> text, List<int> ids)
    {
        byte[]? rented = null;
        Span<byte> buffer = stackalloc byte[512];
        foreach (var match in _splitter.EnumerateMatches(text))
        {
            var chunk = text.Slice(match.Index, match.Length);
            if (_cacheLookup.TryGetValue(chunk, out var cached))
            {
                ids.AddRange(cached);
                continue;
            }
            var maxBytes = Encoding.UTF8.GetMaxByteCount(chunk.Length);
            if (maxBytes > buffer.Length)
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
                rented = ArrayPool<byte>.Shared.Rent(maxBytes);
                buffer = rented;
            }
            // Lone surrogates become EF BF BD (U+FFFD) here: the encoder's replacement fallback.
            var length = Encoding.UTF8.GetBytes(chunk, buffer);
            var chunkIds = EncodeChunk(buffer[..length]);
            if (_cachedChunks < MaxCachedChunks && _cacheLookup.TryAdd(chunk, chunkIds))
            {
                Interlocked.Increment(ref _cachedChunks);
            }
            ids.AddRange(chunkIds);
        }
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Byte-pair merging of one chunk by rank (the tiktoken algorithm).</summary>
    internal int[] EncodeChunk(ReadOnlySpan<byte> piece)
    {
        if (_rankLookup.TryGetValue(piece, out var whole))
        {
            return [whole];
        }
        return piece.Length <= LongChunk ? MergeShortChunk(piece) : MergeLongChunk(piece);
    }

    // Above this many bytes the quadratic scan gives way to a priority queue, so that a megabyte of "xxxx…"
    // (one regex chunk) takes milliseconds instead of hours.
    internal const int LongChunk = 256;

    /// <summary>Scan all adjacent parts for the lowest-ranked join, join it, repeat: O(n²), fastest for short chunks.</summary>
    internal int[] MergeShortChunk(ReadOnlySpan<byte> piece)
    {
        var n = piece.Length;
        // Part i covers piece[starts[i]..starts[i + 1]); pairRank[i] is the rank of parts i and i + 1 joined.
        Span<int> starts = stackalloc int[n + 1];
        Span<int> pairRank = stackalloc int[n];
        var parts = n;
        for (var i = 0; i <= n; i++)
        {
            starts[i] = i;
        }
        for (var i = 0; i < parts; i++)
        {
            pairRank[i] = PairRank(piece, starts, i, parts);
        }
        while (true)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < parts - 1; i++)
            {
                if (pairRank[i] < bestRank)
                {
                    bestRank = pairRank[i];
                    best = i;
                }
            }
            if (best < 0)
            {
                break;
            }
            // Join parts best and best + 1: drop the boundary between them.
            for (var i = best + 1; i < parts; i++)
            {
                starts[i] = starts[i + 1];
                pairRank[i] = pairRank[i + 1 < parts ? i + 1 : i];
            }
            parts--;
            pairRank[best] = PairRank(piece, starts, best, parts);
            if (best > 0)
            {
                pairRank[best - 1] = PairRank(piece, starts, best - 1, parts);
            }
        }
        var result = new int[parts];
        for (var i = 0; i < parts; i++)
        {
            result[i] = _rankLookup[piece[starts[i]..starts[i + 1]]];
        }
        return result;
    }

    /// <summary>
    /// The same merges in O(n log n): parts form a linked list keyed by their start byte, and a priority queue
    /// ordered by (rank, start) yields the lowest-ranked, leftmost join; entries made stale by a join are skipped.
    /// </summary>
    internal int[] MergeLongChunk(ReadOnlySpan<byte> piece)
    {
        var n = piece.Length;
        var next = new int[n];
        var previous = new int[n];
        var joinRank = new int[n];
        var queue = new PriorityQueue<int, (int Rank, int Start)>();
        for (var s = 0; s < n; s++)
        {
            next[s] = s + 1;
            previous[s] = s - 1;
        }
        for (var s = 0; s < n; s++)
        {
            Requeue(piece, next, joinRank, queue, s);
        }
        while (queue.TryDequeue(out var s, out var entry))
        {
            if (joinRank[s] != entry.Rank)
            {
                continue; // stale: s was joined into its left neighbour, or its right neighbour changed
            }
            var absorbed = next[s];
            next[s] = next[absorbed];
            if (next[s] < n)
            {
                previous[next[s]] = s;
            }
            joinRank[absorbed] = -1; // no longer a part
            Requeue(piece, next, joinRank, queue, s);
            if (previous[s] >= 0)
            {
                Requeue(piece, next, joinRank, queue, previous[s]);
            }
        }
        var result = new List<int>();
        for (var s = 0; s < n; s = next[s])
        {
            result.Add(_rankLookup[piece[s..next[s]]]);
        }
        return [.. result];
    }

    private void Requeue(ReadOnlySpan<byte> piece, int[] next, int[] joinRank, PriorityQueue<int, (int Rank, int Start)> queue, int part)
    {
        joinRank[part] = JoinRank(piece, next, part);
        if (joinRank[part] != int.MaxValue)
        {
            queue.Enqueue(part, (joinRank[part], part));
        }
    }

    private int JoinRank(ReadOnlySpan<byte> piece, int[] next, int start)
    {
        var middle = next[start];
        if (middle >= piece.Length)
        {
            return int.MaxValue;
        }
        var end = next[middle];
        return _rankLookup.TryGetValue(piece[start..end], out var rank) ? rank : int.MaxValue;
    }

    private int PairRank(ReadOnlySpan<byte> piece, Span<int> starts, int i, int parts) =>
        i + 1 < parts && _rankLookup.TryGetValue(piece[starts[i]..starts[i + 2]], out var rank) ? rank : int.MaxValue;
}

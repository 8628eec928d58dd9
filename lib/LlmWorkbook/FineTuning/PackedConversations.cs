using System.Globalization;
using static TorchSharp.torch;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// Encoded conversations packed into training rows of exactly ContextLength + 1 tokens: a row's first ContextLength
/// tokens are the input and its last ContextLength the targets, and a target the loss must skip is
/// <see cref="IgnoreIndex"/>. Each conversation is followed by &lt;|endoftext|&gt;; conversations are taken in a
/// seeded random order and appended to the current row while they fit (greedy), a conversation is never split across
/// rows, and a row the next conversation does not fit in is padded with &lt;|endoftext|&gt;. Separators and padding
/// are never trained. Conversations in one row attend to each other (no attention mask between them), as in most
/// packed fine-tuning; the &lt;|endoftext|&gt; between them marks where one ends.
/// </summary>
public sealed class PackedConversations
{
    /// <summary>The target value cross-entropy skips (PyTorch's default ignore_index).</summary>
    public const int IgnoreIndex = -100;

    private readonly List<int[]> rows;
    private readonly List<long[]> targets;
    private readonly List<int[]> rowExamples;

    private PackedConversations(int contextLength, List<int[]> rows, List<long[]> targets, List<int[]> rowExamples,
        int droppedTooLong, int droppedUntrained, long paddingTokens)
    {
        ContextLength = contextLength;
        this.rows = rows;
        this.targets = targets;
        this.rowExamples = rowExamples;
        DroppedTooLong = droppedTooLong;
        DroppedUntrained = droppedUntrained;
        PaddingTokens = paddingTokens;
        TrainedTargets = targets.Sum(t => (long)t.Count(y => y != IgnoreIndex));
    }

    /// <summary>The model's context length: inputs and targets per row.</summary>
    public int ContextLength { get; }

    /// <summary>Tokens per row: ContextLength + 1.</summary>
    public int RowLength => ContextLength + 1;

    /// <summary>The number of rows.</summary>
    public int RowCount => rows.Count;

    /// <summary>Conversations packed into the rows.</summary>
    public int ConversationCount => rowExamples.Sum(r => r.Length);

    /// <summary>Conversations left out because they and their &lt;|endoftext|&gt; are longer than a row.</summary>
    public int DroppedTooLong { get; }

    /// <summary>Conversations left out because they have no trained token (no assistant message).</summary>
    public int DroppedUntrained { get; }

    /// <summary>Target positions in all rows: RowCount × ContextLength.</summary>
    public long TargetCount => (long)RowCount * ContextLength;

    /// <summary>Targets the loss counts (not <see cref="IgnoreIndex"/>).</summary>
    public long TrainedTargets { get; }

    /// <summary>&lt;|endoftext|&gt; tokens that fill the ends of rows (separators after conversations not included).</summary>
    public long PaddingTokens { get; }

    /// <summary>Packing efficiency for learning: the share of target positions the loss counts.</summary>
    public double TrainedFraction => (double)TrainedTargets / TargetCount;

    /// <summary>Packing efficiency for compute: the share of row tokens that are conversations or their separators, not padding.</summary>
    public double FilledFraction => 1 - (double)PaddingTokens / ((long)RowCount * RowLength);

    /// <summary>
    /// Packs the examples. Those longer than ContextLength tokens (which with their &lt;|endoftext|&gt; would not fit
    /// in a row) and those with nothing to train on are left out and counted, never truncated.
    /// </summary>
    /// <param name="examples">Encoded conversations (from <see cref="SftEncoder"/>).</param>
    /// <param name="contextLength">The model's context length.</param>
    /// <param name="endOfTextId">The id of &lt;|endoftext|&gt; (<see cref="SftEncoder.EndOfTextId"/>).</param>
    /// <param name="seed">Seeds the order the conversations are packed in.</param>
    public static PackedConversations Pack(IReadOnlyList<SftExample> examples, int contextLength, int endOfTextId, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 1);
        var rowLength = contextLength + 1;
        var order = Enumerable.Range(0, examples.Count).ToArray();
        new Random(seed).Shuffle(order);
        var tooLong = order.Count(i => examples[i].Length + 1 > rowLength);
        var untrained = order.Count(i => examples[i].Length + 1 <= rowLength && examples[i].TrainedCount == 0);
        var kept = order.Where(i => examples[i].Length + 1 <= rowLength && examples[i].TrainedCount > 0).ToList();
        var startsTrained = kept.Where(i => examples[i].Trained[0]).ToList();
        if (startsTrained.Count > 0)
        {
            // A row's first token is input only: a conversation that starts a row would lose that target silently.
            throw new ArgumentException($"conversation {startsTrained.Min()} starts with a trained token; a conversation's first token " +
                "(its <|im_start|>) must not be a target", nameof(examples));
        }
        if (kept.Count == 0)
        {
            throw new ArgumentException($"none of the {examples.Count} conversations fits in {contextLength} tokens with something to train on", nameof(examples));
        }

        var rows = new List<int[]>();
        var targets = new List<long[]>();
        var rowExamples = new List<int[]>();
        long padding = 0;
        var tokens = new List<int>(rowLength);
        var trained = new List<bool>(rowLength);
        var members = new List<int>();
        void CloseRow()
        {
            padding += rowLength - tokens.Count;
            while (tokens.Count < rowLength)
            {
                tokens.Add(endOfTextId);
                trained.Add(false);
            }
            rows.Add(tokens.ToArray());
            targets.Add(Enumerable.Range(1, contextLength).Select(i => trained[i] ? (long)tokens[i] : IgnoreIndex).ToArray());
            rowExamples.Add(members.ToArray());
            tokens.Clear();
            trained.Clear();
            members.Clear();
        }
        foreach (var index in kept)
        {
            var example = examples[index];
            if (tokens.Count + example.Length + 1 > rowLength)
            {
                CloseRow();
            }
            tokens.AddRange(example.Tokens);
            trained.AddRange(example.Trained);
            tokens.Add(endOfTextId);
            trained.Add(false);
            members.Add(index);
        }
        CloseRow();
        return new PackedConversations(contextLength, rows, targets, rowExamples, tooLong, untrained, padding);
    }

    /// <summary>The row's RowLength token ids.</summary>
    public IReadOnlyList<int> RowTokens(int row) => rows[row];

    /// <summary>The row's ContextLength targets: the next token where it is trained, <see cref="IgnoreIndex"/> elsewhere.</summary>
    public IReadOnlyList<long> RowTargets(int row) => targets[row];

    /// <summary>The indices (into the examples given to <see cref="Pack"/>) of the conversations in the row, in row order.</summary>
    public IReadOnlyList<int> RowConversations(int row) => rowExamples[row];

    /// <summary>The given rows as a batch: inputs (B, ContextLength) token ids and targets (B, ContextLength), both int64.</summary>
    public (Tensor Inputs, Tensor Targets) Batch(IReadOnlyList<int> rowIndices)
    {
        ArgumentNullException.ThrowIfNull(rowIndices);
        var x = new long[rowIndices.Count * ContextLength];
        var y = new long[rowIndices.Count * ContextLength];
        for (var b = 0; b < rowIndices.Count; b++)
        {
            var row = rows[rowIndices[b]];
            for (var i = 0; i < ContextLength; i++)
            {
                x[b * ContextLength + i] = row[i];
            }
            targets[rowIndices[b]].CopyTo(y, b * ContextLength);
        }
        long[] shape = [rowIndices.Count, ContextLength];
        return (tensor(x, shape), tensor(y, shape));
    }

    /// <summary>Rows, conversations, drops and packing efficiency in one line.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ConversationCount} conversations in {RowCount} rows of {RowLength} tokens; dropped {DroppedTooLong} too long, " +
        $"{DroppedUntrained} with no assistant reply; {100 * TrainedFraction:F1}% of targets trained, {100 * FilledFraction:F1}% of tokens not padding");
}

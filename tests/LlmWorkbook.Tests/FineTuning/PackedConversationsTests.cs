using LlmWorkbook.FineTuning;

namespace LlmWorkbook.Tests.FineTuning;

public sealed class PackedConversationsTests
{
    private const int EndOfText = 0;
    private const int ContextLength = 10;

    /// <summary>A conversation of <paramref name="length"/> distinct tokens (id·100 + position), trained from <paramref name="firstTrained"/> on.</summary>
    private static SftExample Example(int id, int length, int firstTrained = 1) =>
        new(Enumerable.Range(0, length).Select(i => id * 100 + i).ToArray(), Enumerable.Range(0, length).Select(i => i >= firstTrained).ToArray());

    /// <summary>Seven conversations: one that exactly fills a row with its separator, one a token too long, one with nothing trained.</summary>
    private static readonly SftExample[] Examples =
    [
        Example(1, 4), Example(2, 6), Example(3, 3, firstTrained: 3), Example(4, 10), Example(5, 11), Example(6, 5), Example(7, 2),
    ];

    /// <summary>What a row must hold: its conversations, each followed by &lt;|endoftext|&gt;, then &lt;|endoftext|&gt; padding.</summary>
    private static (List<int> Tokens, List<bool> Trained) ExpectedRow(PackedConversations packed, int row)
    {
        var tokens = new List<int>();
        var trained = new List<bool>();
        foreach (var index in packed.RowConversations(row))
        {
            tokens.AddRange([.. Examples[index].Tokens, EndOfText]);
            trained.AddRange([.. Examples[index].Trained, false]);
        }
        while (tokens.Count < packed.RowLength)
        {
            tokens.Add(EndOfText);
            trained.Add(false);
        }
        return (tokens, trained);
    }

    [Fact]
    public void Rows_are_exactly_a_context_plus_one_and_never_split_a_conversation()
    {
        var packed = PackedConversations.Pack(Examples, ContextLength, EndOfText, seed: 7);

        Assert.Equal(ContextLength + 1, packed.RowLength);
        var placed = Enumerable.Range(0, packed.RowCount).SelectMany(packed.RowConversations).ToList();
        Assert.Equal([0, 1, 3, 5, 6], placed.Order());
        Assert.Equal(1, packed.DroppedTooLong);
        Assert.Equal(1, packed.DroppedUntrained);
        Assert.Equal(5, packed.ConversationCount);
        for (var row = 0; row < packed.RowCount; row++)
        {
            Assert.Equal(ContextLength + 1, packed.RowTokens(row).Count);
            Assert.Equal(ExpectedRow(packed, row).Tokens, packed.RowTokens(row));
        }
        // Greedy: a row was closed only because the next conversation and its separator did not fit.
        for (var row = 0; row + 1 < packed.RowCount; row++)
        {
            var used = packed.RowConversations(row).Sum(i => Examples[i].Length + 1);
            Assert.True(used + Examples[packed.RowConversations(row + 1)[0]].Length + 1 > packed.RowLength, $"row {row} had room");
        }
    }

    [Fact]
    public void Targets_are_the_next_token_where_trained_and_the_ignore_index_elsewhere()
    {
        var packed = PackedConversations.Pack(Examples, ContextLength, EndOfText, seed: 7);

        for (var row = 0; row < packed.RowCount; row++)
        {
            var (tokens, trained) = ExpectedRow(packed, row);
            var expected = Enumerable.Range(1, ContextLength).Select(i => trained[i] ? tokens[i] : PackedConversations.IgnoreIndex);
            Assert.Equal(expected.Select(t => (long)t), packed.RowTargets(row));
        }
        Assert.Equal(new[] { 0, 1, 3, 5, 6 }.Sum(i => Examples[i].TrainedCount), packed.TrainedTargets);
        Assert.All(Enumerable.Range(0, packed.RowCount), row => Assert.Equal(PackedConversations.IgnoreIndex, packed.RowTargets(row)[^1]));
    }

    [Fact]
    public void Packing_is_deterministic_for_a_seed_and_the_seed_sets_the_order()
    {
        string Layout(int seed)
        {
            var packed = PackedConversations.Pack(Examples, ContextLength, EndOfText, seed);
            return string.Join(" | ", Enumerable.Range(0, packed.RowCount).Select(r => string.Join(",", packed.RowTokens(r))));
        }

        Assert.Equal(Layout(7), Layout(7));
        Assert.True(Enumerable.Range(0, 6).Select(Layout).Distinct().Count() > 1);
    }

    [Fact]
    public void Efficiency_counts_trained_targets_and_padding()
    {
        // Two conversations of 5 tokens (2 trained each): 5 + 1 + 5 + 1 = 12 > 11, so each gets a row with 5 tokens of padding.
        var packed = PackedConversations.Pack([Example(1, 5, firstTrained: 3), Example(2, 5, firstTrained: 3)], ContextLength, EndOfText, seed: 1);

        Assert.Equal(2, packed.RowCount);
        Assert.Equal(20, packed.TargetCount);
        Assert.Equal(4, packed.TrainedTargets);
        Assert.Equal(10, packed.PaddingTokens);
        Assert.Equal(4 / 20.0, packed.TrainedFraction, 12);
        Assert.Equal(1 - 10 / 22.0, packed.FilledFraction, 12);
        Assert.Equal("2 conversations in 2 rows of 11 tokens; dropped 0 too long, 0 with no assistant reply; 20.0% of targets trained, 54.5% of tokens not padding",
            packed.ToString());
    }

    [Fact]
    public void A_batch_holds_the_rows_inputs_and_targets()
    {
        var packed = PackedConversations.Pack(Examples, ContextLength, EndOfText, seed: 7);

        var (inputs, targets) = packed.Batch([1, 0, 1]);

        Assert.Equal([3, ContextLength], inputs.shape);
        Assert.Equal([3, ContextLength], targets.shape);
        Assert.Equal(packed.RowTokens(0).Take(ContextLength).Select(t => (long)t), inputs[1].data<long>().ToArray());
        Assert.Equal(packed.RowTargets(1), targets[2].data<long>().ToArray());
    }

    [Fact]
    public void Conversations_that_cannot_be_trained_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PackedConversations.Pack([Example(1, 11), Example(2, 4, firstTrained: 4)], ContextLength, EndOfText, seed: 1));
        var error = Assert.Throws<ArgumentException>(() => PackedConversations.Pack([Example(1, 4), Example(2, 4, firstTrained: 0)], ContextLength, EndOfText, seed: 1));
        Assert.Contains("conversation 1 starts with a trained token", error.Message);
    }
}

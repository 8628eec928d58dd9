using LlmWorkbook.Embeddings;

namespace LlmWorkbook.Tests.Embeddings;

public sealed class VocabularyTests
{
    [Fact]
    public void Most_frequent_first_ties_in_ordinal_order()
    {
        var vocabulary = Vocabulary.Build(["b", "a", "c", "b", "a", "d", "b", "c"], minCount: 2);
        Assert.Equal(["b", "a", "c"], vocabulary.Words);
        Assert.Equal([3L, 2L, 2L], vocabulary.Counts);
        Assert.Equal(1, vocabulary["a"]);
        Assert.False(vocabulary.Contains("d"));
        Assert.Equal([0, 2, 1], vocabulary.Encode(["b", "d", "c", "a", "zzz"]));
    }

    [Fact]
    public void Max_size_keeps_the_most_frequent()
    {
        var vocabulary = Vocabulary.Build(["x", "y", "y", "z", "z", "z"], maxSize: 2);
        Assert.Equal(["z", "y"], vocabulary.Words);
        Assert.Throws<KeyNotFoundException>(() => vocabulary["x"]);
    }
}

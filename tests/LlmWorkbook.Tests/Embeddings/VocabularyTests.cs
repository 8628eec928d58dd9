using LlmWorkbook.Embeddings;

namespace LlmWorkbook.Tests.Embeddings;

public class VocabularyTests
{
    [Fact]
    public void WordsAreLowerCaseLetterRunsWithInnerApostrophes()
    {
        Assert.Equal(["don't", "stop", "the", "u", "s", "congress", "in"],
            WordTokenizer.Words("Don't stop the U.S. Congress in 1901!"));
        Assert.Equal(["nation's", "über"], WordTokenizer.Words("Nation’s — Über"));
    }

    [Fact]
    public void MostFrequentFirstTiesInOrdinalOrder()
    {
        var vocabulary = Vocabulary.Build(["b", "a", "c", "b", "a", "d", "b", "c"], minCount: 2);
        Assert.Equal(["b", "a", "c"], vocabulary.Words);
        Assert.Equal([3L, 2L, 2L], vocabulary.Counts);
        Assert.Equal(1, vocabulary["a"]);
        Assert.False(vocabulary.Contains("d"));
        Assert.Equal([0, 2, 1], vocabulary.Encode(["b", "d", "c", "a", "zzz"]));
    }

    [Fact]
    public void MaxSizeKeepsTheMostFrequent()
    {
        var vocabulary = Vocabulary.Build(["x", "y", "y", "z", "z", "z"], maxSize: 2);
        Assert.Equal(["z", "y"], vocabulary.Words);
        Assert.Throws<KeyNotFoundException>(() => vocabulary["x"]);
    }
}

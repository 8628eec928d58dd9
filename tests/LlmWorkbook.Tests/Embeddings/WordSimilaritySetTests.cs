using LlmWorkbook.Embeddings;

namespace LlmWorkbook.Tests.Embeddings;

public sealed class WordSimilaritySetTests
{
    [Fact]
    public void Gold_set_agreement_is_the_rank_correlation_of_cosines()
    {
        var gold = WordSimilaritySet.Parse([
            "# comment",
            "north\tsouth\t9",
            "north\teast\t5   # a trailing comment",
            "north\tapple\t0.5",
            "north\tpear\t1",
        ]);
        var result = gold.Evaluate(WordEmbeddingsTests.Small());
        Assert.Equal(4, result.Total);
        Assert.Equal(3, result.Covered);
        Assert.Equal(1, result.Spearman, 12);
        Assert.Throws<FormatException>(() => WordSimilaritySet.Parse(["north south 9"]));
    }
}

using LlmWorkbook.Embeddings;

namespace LlmWorkbook.Tests.Embeddings;

public class WordEmbeddingsTests
{
    private static WordEmbeddings Small() => new(
        ["north", "south", "east", "apple"],
        [1, 0, 0,
         0.9f, 0.1f, 0,
         0.5f, 0.5f, 0,
         0, 0, 2],
        3);

    [Fact]
    public void NearestNeighboursByCosineLeaveTheWordOut()
    {
        var embeddings = Small();
        var nearest = embeddings.Nearest("north", 2);
        Assert.Equal(["south", "east"], nearest.Select(n => n.Word));
        Assert.Equal(0.9 / Math.Sqrt(0.82), nearest[0].Similarity, 6);
        Assert.Equal(0, embeddings.Cosine("north", "apple"), 9);
    }

    [Fact]
    public void MeanPoolingAveragesUnitVectorsOfKnownWords()
    {
        var embeddings = Small();
        var pooled = embeddings.MeanPool("North and the APPLE!");
        Assert.Equal([0.5f, 0f, 0.5f], pooled);
        Assert.Equal([0f, 0f, 0f], embeddings.MeanPool("nothing known here"));
    }

    [Fact]
    public void SaveAndLoadRoundTripExactly()
    {
        var random = WordEmbeddings.Random(["the", "congress", "nation's"], 5, seed: 1);
        var path = Path.Combine(Path.GetTempPath(), $"embeddings-{Guid.NewGuid():N}.txt");
        try
        {
            random.Save(path);
            Assert.Equal("3 5", File.ReadLines(path).First());
            var loaded = WordEmbeddings.Load(path);
            Assert.Equal(random.Words, loaded.Words);
            foreach (var word in random.Words)
            {
                Assert.Equal(random.Vector(word), loaded.Vector(word));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void GoldSetAgreementIsTheRankCorrelationOfCosines()
    {
        var gold = WordSimilaritySet.Parse([
            "# comment",
            "north\tsouth\t9",
            "north\teast\t5   # a trailing comment",
            "north\tapple\t0.5",
            "north\tpear\t1",
        ]);
        var result = gold.Evaluate(Small());
        Assert.Equal(4, result.Total);
        Assert.Equal(3, result.Covered);
        Assert.Equal(1, result.Spearman, 12);
        Assert.Throws<FormatException>(() => WordSimilaritySet.Parse(["north south 9"]));
    }
}

using LlmWorkbook.Embeddings;

namespace LlmWorkbook.Tests.Embeddings;

public sealed class WordEmbeddingsTests
{
    internal static WordEmbeddings Small() => new(
        ["north", "south", "east", "apple"],
        [1, 0, 0,
         0.9f, 0.1f, 0,
         0.5f, 0.5f, 0,
         0, 0, 2],
        3);

    [Fact]
    public void Nearest_neighbours_by_cosine_leave_the_word_out()
    {
        var embeddings = Small();
        var nearest = embeddings.Nearest("north", 2);
        Assert.Equal(["south", "east"], nearest.Select(n => n.Word));
        Assert.Equal(0.9 / Math.Sqrt(0.82), nearest[0].Similarity, 6);
        Assert.Equal(0, embeddings.Cosine("north", "apple"), 9);
    }

    [Fact]
    public void Mean_pooling_averages_unit_vectors_of_known_words()
    {
        var embeddings = Small();
        var pooled = embeddings.MeanPool("North and the APPLE!");
        Assert.Equal([0.5f, 0f, 0.5f], pooled);
        Assert.Equal([0f, 0f, 0f], embeddings.MeanPool("nothing known here"));
    }

    [Fact]
    public void Save_and_load_round_trip_exactly()
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
}

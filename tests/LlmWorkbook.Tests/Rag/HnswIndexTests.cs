using LlmWorkbook.Rag.VectorStores;

namespace LlmWorkbook.Tests.Rag;

public sealed class HnswIndexTests
{
    private static float[][] RandomVectors(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray())
            .ToArray();
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            (dot, na, nb) = (dot + (double)a[i] * b[i], na + (double)a[i] * a[i], nb + (double)b[i] * b[i]);
        }
        return dot / Math.Sqrt(na * nb);
    }

    private static List<int> ExactTop(float[][] vectors, float[] query, int top, ISet<int>? removed = null) =>
        Enumerable.Range(0, vectors.Length).Where(i => removed?.Contains(i) != true)
            .OrderByDescending(i => Cosine(vectors[i], query)).ThenBy(i => i).Take(top).ToList();

    [Fact]
    public void Recall_at_10_against_exact_search_is_at_least_0_95_with_the_default_settings()
    {
        var vectors = RandomVectors(3000, 32, seed: 1);
        var queries = RandomVectors(100, 32, seed: 2);
        var index = new HnswIndex(32);
        foreach (var vector in vectors)
        {
            index.Add(vector);
        }
        var hits = queries.Sum(q => index.Search(q, 10).Select(r => r.Node).Intersect(ExactTop(vectors, q, 10)).Count());
        var recall = hits / (10.0 * queries.Length);
        Assert.InRange(recall, 0.95, 1.0);
    }

    [Fact]
    public void Similarities_are_cosines_best_first_and_the_same_seed_builds_the_same_graph()
    {
        var vectors = RandomVectors(500, 16, seed: 3);
        var query = RandomVectors(1, 16, seed: 4)[0];
        var first = new HnswIndex(16, new HnswConfig(M: 8, EfConstruction: 50, EfSearch: 20, Seed: 7));
        var second = new HnswIndex(16, new HnswConfig(M: 8, EfConstruction: 50, EfSearch: 20, Seed: 7));
        foreach (var vector in vectors)
        {
            Assert.Equal(first.Add(vector), second.Add(vector));
        }
        var results = first.Search(query, 10);
        Assert.Equal(results, second.Search(query, 10));
        Assert.Equal(10, results.Count);
        Assert.All(results, r => Assert.Equal(Cosine(vectors[r.Node], query), r.Similarity, tolerance: 1e-5));
        Assert.Equal(results.OrderByDescending(r => r.Similarity).ToList(), results);
    }

    [Fact]
    public void Removed_nodes_are_never_returned_and_the_rest_are_still_found()
    {
        var vectors = RandomVectors(1000, 16, seed: 5);
        var index = new HnswIndex(16);
        foreach (var vector in vectors)
        {
            index.Add(vector);
        }
        var queries = RandomVectors(20, 16, seed: 6);
        var removed = queries.SelectMany(q => index.Search(q, 3).Select(r => r.Node)).ToHashSet();
        foreach (var node in removed)
        {
            index.Remove(node);
        }
        Assert.Equal(removed.Count, index.RemovedCount);
        var hits = 0;
        foreach (var query in queries)
        {
            var found = index.Search(query, 10).Select(r => r.Node).ToList();
            Assert.DoesNotContain(found, removed.Contains);
            hits += found.Intersect(ExactTop(vectors, query, 10, removed)).Count();
        }
        Assert.InRange(hits / (10.0 * queries.Length), 0.95, 1.0);
    }

    [Fact]
    public void Small_indexes_and_bad_arguments()
    {
        var index = new HnswIndex(2);
        Assert.Empty(index.Search([1, 0], 5));
        index.Add([1, 0]);
        index.Add([0, 1]);
        Assert.Equal([0, 1], index.Search([1, 0.1f], 5).Select(r => r.Node));
        Assert.Throws<ArgumentException>(() => index.Add([1, 2, 3]));
        Assert.Throws<ArgumentException>(() => index.Search([1], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1, 0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Remove(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswIndex(2, new HnswConfig(M: 1)));
    }
}

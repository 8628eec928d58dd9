using System.Linq.Expressions;
using LlmWorkbook.Embeddings;
using LlmWorkbook.Rag;
using LlmWorkbook.Rag.VectorStores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Tests.Rag;

public sealed class InProcessVectorCollectionTests
{
    private const int Dimensions = 8;

    private static readonly string[] Parties = ["Democratic", "Republican", "Whig"];

    private static List<ChunkRecord> Records(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var vector = Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var chunk = new Chunk($"chunk-{i:D3}", 1790 + i % 232, $"President {i % 40}", Parties[i % 3], i, i + 2, $"text {i}");
            return ChunkRecord.From(chunk, vector);
        }).ToList();
    }

    private static float[] Query(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    private static double Cosine(ReadOnlyMemory<float> a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        var x = a.Span;
        for (var i = 0; i < b.Length; i++)
        {
            (dot, na, nb) = (dot + (double)x[i] * b[i], na + (double)x[i] * x[i], nb + (double)b[i] * b[i]);
        }
        return dot / Math.Sqrt(na * nb);
    }

    private static async Task<InProcessVectorCollection<string, ChunkRecord>> Filled(List<ChunkRecord> records, string indexKind = IndexKind.Flat)
    {
        var collection = new InProcessVectorStore().GetCollection<string, ChunkRecord>("chunks", ChunkRecord.Definition(Dimensions, indexKind));
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(records);
        return collection;
    }

    private static async Task<List<VectorSearchResult<ChunkRecord>>> Search<TInput>(
        VectorStoreCollection<string, ChunkRecord> collection, TInput query, int top, VectorSearchOptions<ChunkRecord>? options = null)
        where TInput : notnull
    {
        var results = new List<VectorSearchResult<ChunkRecord>>();
        await foreach (var result in collection.SearchAsync(query, top, options))
        {
            results.Add(result);
        }
        return results;
    }

    private static List<(string Id, double Score)> BruteForce(IEnumerable<ChunkRecord> records, float[] query) =>
        records.Select(r => (r.Id, Score: Cosine(r.Embedding, query))).OrderByDescending(r => r.Score).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Upsert_then_get_returns_a_copy_and_a_missing_key_returns_null()
    {
        var records = Records(5, seed: 1);
        var collection = await Filled(records);
        var got = await collection.GetAsync("chunk-002", new RecordRetrievalOptions { IncludeVectors = true });
        Assert.NotNull(got);
        Assert.NotSame(records[2], got);
        Assert.Equal(records[2].ToChunk(), got.ToChunk());
        Assert.Equal(records[2].Embedding.ToArray(), got.Embedding.ToArray());
        Assert.True((await collection.GetAsync("chunk-002"))!.Embedding.IsEmpty);
        Assert.Null(await collection.GetAsync("chunk-999"));

        records[2].Text = "changed after upsert";
        Assert.Equal("text 2", (await collection.GetAsync("chunk-002"))!.Text);
        var many = await collection.GetAsync(["chunk-004", "chunk-999", "chunk-000"]).ToListAsync();
        Assert.Equal(["chunk-004", "chunk-000"], many.Select(r => r.Id));
    }

    [Fact]
    public async Task An_upsert_with_a_known_key_replaces_the_record_and_its_vector()
    {
        var records = Records(20, seed: 2);
        var collection = await Filled(records);
        var query = Query(3);
        var replacement = ChunkRecord.From(records[7].ToChunk() with { Text = "replaced" }, query);
        await collection.UpsertAsync(replacement);
        Assert.Equal("replaced", (await collection.GetAsync(records[7].Id))!.Text);
        var best = (await Search(collection, query, 1)).Single();
        Assert.Equal(records[7].Id, best.Record.Id);
        Assert.Equal(1.0, best.Score!.Value, tolerance: 1e-5);
        Assert.Equal(20, (await Search(collection, query, 100)).Count);
    }

    [Fact]
    public async Task Deleted_records_are_gone_from_get_and_search()
    {
        var records = Records(30, seed: 4);
        var collection = await Filled(records);
        await collection.DeleteAsync("chunk-001");
        await collection.DeleteAsync(["chunk-002", "chunk-003", "chunk-404"]);
        Assert.Null(await collection.GetAsync("chunk-001"));
        var results = await Search(collection, Query(5), 100);
        Assert.Equal(27, results.Count);
        Assert.DoesNotContain(results, r => r.Record.Id is "chunk-001" or "chunk-002" or "chunk-003");

        await collection.UpsertAsync(records[2]);
        Assert.Equal(28, (await Search(collection, Query(5), 100)).Count);
    }

    [Fact]
    public async Task Search_order_and_scores_equal_a_brute_force_cosine_and_top_and_skip_page_through_it()
    {
        var records = Records(300, seed: 6);
        var collection = await Filled(records);
        var query = Query(7);
        var expected = BruteForce(records, query);
        var results = await Search(collection, query, 10);
        Assert.Equal(expected.Take(10).Select(e => e.Id), results.Select(r => r.Record.Id));
        Assert.All(expected.Zip(results), pair => Assert.Equal(pair.First.Score, pair.Second.Score!.Value, tolerance: 1e-5));

        var page = await Search(collection, query, 5, new VectorSearchOptions<ChunkRecord> { Skip = 8 });
        Assert.Equal(expected.Skip(8).Take(5).Select(e => e.Id), page.Select(r => r.Record.Id));
        Assert.Equal(300, (await Search(collection, query, 1000)).Count);
    }

    [Fact]
    public async Task Every_search_input_type_gives_the_same_results()
    {
        var records = Records(50, seed: 8);
        var collection = await Filled(records);
        var query = Query(9);
        var expected = (await Search(collection, query, 5)).Select(r => r.Record.Id).ToList();
        Assert.Equal(expected, (await Search(collection, new ReadOnlyMemory<float>(query), 5)).Select(r => r.Record.Id));
        Assert.Equal(expected, (await Search(collection, new Embedding<float>(query), 5)).Select(r => r.Record.Id));
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Search(collection, 42, 5));
        Assert.Contains("Int32", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => Search(collection, new float[3], 5));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Search(collection, "no generator here", 5));
    }

    [Fact]
    public async Task Equal_scores_are_ordered_by_key()
    {
        var collection = await Filled([]);
        var vector = Query(10);
        await collection.UpsertAsync(new[] { "b", "c", "a" }.Select(id => new ChunkRecord { Id = id, Embedding = vector }));
        Assert.Equal(["a", "b", "c"], (await Search(collection, vector, 3)).Select(r => r.Record.Id));
        Assert.Equal(["b"], (await Search(collection, vector, 1, new() { Skip = 1 })).Select(r => r.Record.Id));
    }

    [Fact]
    public async Task Filters_on_a_year_range_and_a_party_keep_only_matching_records_in_brute_force_order()
    {
        var records = Records(300, seed: 11);
        var collection = await Filled(records);
        var query = Query(12);
        var (from, to, party) = (1850, 1950, "Republican");
        var results = await Search(collection, query, 10, new VectorSearchOptions<ChunkRecord>
        {
            Filter = r => r.Year >= from && r.Year <= to && r.Party == party,
        });
        var expected = BruteForce(records.Where(r => r.Year is >= 1850 and <= 1950 && r.Party == "Republican"), query);
        Assert.Equal(expected.Take(10).Select(e => e.Id), results.Select(r => r.Record.Id));
        Assert.All(results, r => Assert.Equal(party, r.Record.Party));

        var notWhig = await Search(collection, query, 300, new() { Filter = r => r.Party != "Whig" });
        Assert.Equal(200, notWhig.Count);
    }

    [Fact]
    public async Task A_filter_outside_the_subset_is_refused_naming_the_construct()
    {
        var collection = await Filled(Records(10, seed: 13));
        Expression<Func<ChunkRecord, bool>> filter = r => r.Text.Contains("war");
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Search(collection, Query(1), 5, new() { Filter = filter }));
        Assert.Contains("String.Contains", error.Message);
        await Assert.ThrowsAsync<NotSupportedException>(() => collection.GetAsync(r => r.Year % 2 == 0, 5).ToListAsync().AsTask());
    }

    [Fact]
    public async Task The_score_threshold_drops_results_below_it_and_include_vectors_returns_them()
    {
        var records = Records(100, seed: 14);
        var collection = await Filled(records);
        var query = Query(15);
        var expected = BruteForce(records, query).Where(e => e.Score >= 0.5).ToList();
        var results = await Search(collection, query, 100, new() { ScoreThreshold = 0.5, IncludeVectors = true });
        Assert.Equal(expected.Select(e => e.Id), results.Select(r => r.Record.Id));
        Assert.All(results, r => Assert.Equal(records.Single(x => x.Id == r.Record.Id).Embedding.ToArray(), r.Record.Embedding.ToArray()));
        Assert.All(await Search(collection, query, 5), r => Assert.True(r.Record.Embedding.IsEmpty));
    }

    [Fact]
    public async Task Text_queries_are_embedded_by_the_collections_generator()
    {
        var words = new[] { "war", "peace", "tax", "trade", "army", "navy" };
        var embeddings = WordEmbeddings.Random(words, Dimensions, seed: 16);
        using var generator = new MeanPoolingEmbeddingGenerator(embeddings);
        var store = new InProcessVectorStore(new InProcessVectorStoreOptions { EmbeddingGenerator = generator });
        var collection = store.GetCollection<string, ChunkRecord>("chunks", ChunkRecord.Definition(Dimensions));
        await collection.EnsureCollectionExistsAsync();
        foreach (var word in words)
        {
            await collection.UpsertAsync(new ChunkRecord { Id = word, Text = word, Embedding = await generator.GenerateVectorAsync(word) });
        }
        var results = await Search(collection, "navy", 2);
        Assert.Equal("navy", results[0].Record.Id);
        Assert.Equal(1.0, results[0].Score!.Value, tolerance: 1e-5);
        var expectedSecond = words.Where(w => w != "navy").OrderByDescending(w => embeddings.Cosine(w, "navy")).First();
        Assert.Equal(expectedSecond, results[1].Record.Id);
    }

    [Fact]
    public async Task Get_by_filter_orders_by_key_unless_told_and_pages()
    {
        var collection = await Filled(Records(30, seed: 17));
        var byKey = await collection.GetAsync(r => r.Party == "Whig", 4).ToListAsync();
        Assert.Equal(["chunk-002", "chunk-005", "chunk-008", "chunk-011"], byKey.Select(r => r.Id));
        var byYear = await collection.GetAsync(r => r.Year < 1800, 3, new FilteredRecordRetrievalOptions<ChunkRecord>
        {
            OrderBy = o => o.Descending(r => r.Year), Skip = 1,
        }).ToListAsync();
        Assert.Equal([1798, 1797, 1796], byYear.Select(r => r.Year));
        Assert.All(byYear, r => Assert.True(r.Embedding.IsEmpty));
    }

    [Fact]
    public async Task An_hnsw_collection_finds_what_exact_search_finds_and_honours_updates_and_deletes()
    {
        var records = Records(1000, seed: 18);
        var exact = await Filled(records);
        var approximate = await Filled(records, IndexKind.Hnsw);
        var hits = 0;
        for (var seed = 100; seed < 120; seed++)
        {
            var expected = (await Search(exact, Query(seed), 10)).Select(r => r.Record.Id);
            var found = await Search(approximate, Query(seed), 10);
            hits += found.Select(r => r.Record.Id).Intersect(expected).Count();
            Assert.All(found, r => Assert.Equal(Cosine(records.Single(x => x.Id == r.Record.Id).Embedding, Query(seed)), r.Score!.Value, tolerance: 1e-5));
        }
        Assert.InRange(hits / 200.0, 0.95, 1.0);

        var query = Query(200);
        var top = (await Search(approximate, query, 3)).Select(r => r.Record.Id).ToList();
        await approximate.DeleteAsync(top[0]);
        await approximate.UpsertAsync(ChunkRecord.From(records[999].ToChunk(), query));
        var after = (await Search(approximate, query, 3)).Select(r => r.Record.Id).ToList();
        Assert.Equal(records[999].Id, after[0]);
        Assert.DoesNotContain(top[0], after);

        var filtered = await Search(approximate, query, 5, new() { Filter = r => r.Party == "Whig" });
        Assert.Equal(
            BruteForce(records.Where(r => r.Party == "Whig" && r.Id != top[0] && r.Id != records[999].Id), query).Take(5).Select(e => e.Id),
            filtered.Select(r => r.Record.Id));
    }

    [Fact]
    public async Task Other_distance_functions_score_and_order_as_defined()
    {
        VectorStoreCollectionDefinition Definition(string distance) => new()
        {
            Properties = [new VectorStoreKeyProperty("Id", typeof(int)), new VectorStoreVectorProperty("Vector", typeof(float[]), 2) { DistanceFunction = distance }],
        };
        var store = new InProcessVectorStore();
        async Task<List<(object Id, double Score)>> Run(string distance, double? threshold = null)
        {
            var collection = store.GetDynamicCollection(distance, Definition(distance));
            await collection.EnsureCollectionExistsAsync();
            await collection.UpsertAsync([
                new() { ["Id"] = 1, ["Vector"] = new float[] { 3, 0 } },
                new() { ["Id"] = 2, ["Vector"] = new float[] { 1, 1 } },
                new() { ["Id"] = 3, ["Vector"] = new float[] { 0, 1 } },
            ]);
            var results = new List<(object, double)>();
            await foreach (var r in collection.SearchAsync(new float[] { 1, 0 }, 3, new() { ScoreThreshold = threshold }))
            {
                results.Add((r.Record["Id"]!, Math.Round(r.Score!.Value, 4)));
            }
            return results;
        }
        Assert.Equal([(1, 3.0), (2, 1.0), (3, 0.0)], await Run(DistanceFunction.DotProductSimilarity));
        Assert.Equal([(2, 1.0), (3, 1.4142), (1, 2.0)], await Run(DistanceFunction.EuclideanDistance));
        Assert.Equal([(1, 0.0), (2, 0.2929), (3, 1.0)], await Run(DistanceFunction.CosineDistance));
        Assert.Equal([(1, 0.0), (2, 0.2929)], await Run(DistanceFunction.CosineDistance, threshold: 0.5));
        Assert.Equal([(1, 1.0), (2, 0.7071)], await Run(DistanceFunction.CosineSimilarity, threshold: 0.5));
    }

    [Fact]
    public async Task Bad_records_and_a_missing_collection_are_refused()
    {
        var collection = new InProcessVectorCollection<string, ChunkRecord>("chunks", ChunkRecord.Definition(Dimensions));
        Assert.False(await collection.CollectionExistsAsync());
        Assert.Null(await collection.GetAsync("x"));
        var missing = await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(Records(1, seed: 19)[0]));
        Assert.Equal(("chunks", "Upsert"), (missing.CollectionName, missing.OperationName));
        await collection.EnsureCollectionExistsAsync();
        Assert.True(await collection.CollectionExistsAsync());

        var noVector = new ChunkRecord { Id = "a" };
        var wrongLength = new ChunkRecord { Id = "b", Embedding = new float[3] };
        Assert.Contains("has no vector", (await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync(noVector))).Message);
        Assert.Contains("3-dimensional", (await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync([Records(1, 20)[0], wrongLength]))).Message);
        Assert.Empty(await Search(collection, Query(1), 5));
        Assert.Throws<ArgumentException>(() => new InProcessVectorCollection<int, ChunkRecord>("chunks", ChunkRecord.Definition(Dimensions)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Search(collection, Query(1), 0));

        await collection.EnsureCollectionDeletedAsync();
        await Assert.ThrowsAsync<VectorStoreException>(() => Search(collection, Query(1), 5));
    }
}

using LlmWorkbook.Rag.VectorStores;
using Microsoft.Extensions.VectorData;
using Npgsql;

namespace LlmWorkbook.Tests.Rag;

public sealed class PostgresVectorStoreTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>
{
    private const int Dimensions = 24;
    private static readonly string[] Parties = ["Democratic", "Republican", "Whig", "Federalist"];
    private static readonly ChunkRecord[] Records = MakeRecords(300, seed: 7);
    private static readonly float[][] Queries = Enumerable.Range(0, 12).Select(i => RandomVector(new Random(1_000 + i))).ToArray();

    private static float[] RandomVector(Random random) =>
        Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    private static ChunkRecord[] MakeRecords(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new ChunkRecord
        {
            Id = $"chunk-{i:D4}",
            Year = 1790 + random.Next(232),
            President = $"President {i % 40}",
            Party = Parties[random.Next(Parties.Length)],
            FirstSentence = i,
            LastSentence = i + 3,
            Text = $"text of chunk {i}",
            Embedding = RandomVector(random),
        }).ToArray();
    }

    // The reference: cosine similarity of every record in double precision, best first, ties by id.
    private static List<(string Id, double Score)> BruteForce(float[] query, Func<ChunkRecord, bool>? filter = null) =>
        Records.Where(r => filter?.Invoke(r) ?? true)
            .Select(r => (r.Id, Score: Cosine(query, r.Embedding.Span)))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }

    private async Task<(PostgresVectorStore Store, VectorStoreCollection<string, ChunkRecord> Collection)> LoadedAsync(
        string name, string indexKind = IndexKind.Flat)
    {
        var store = new PostgresVectorStore(fixture.Cluster.ConnectionString);
        var collection = store.GetCollection<string, ChunkRecord>(name, ChunkRecord.Definition(Dimensions, indexKind));
        await collection.EnsureCollectionDeletedAsync();
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Records);
        return (store, collection);
    }

    private static async Task<List<(string Id, double Score)>> SearchAsync(
        VectorStoreCollection<string, ChunkRecord> collection, float[] query, int top, VectorSearchOptions<ChunkRecord>? options = null)
    {
        var results = new List<(string, double)>();
        await foreach (var result in collection.SearchAsync(query, top, options))
        {
            results.Add((result.Record.Id, result.Score!.Value));
        }
        return results;
    }

    private static void AssertSameRanking(IEnumerable<(string Id, double Score)> expected, IReadOnlyList<(string Id, double Score)> actual)
    {
        var expectedList = expected.ToList();
        Assert.Equal(expectedList.Select(r => r.Id), actual.Select(r => r.Id));
        Assert.All(expectedList.Zip(actual), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 1e-5));
    }

    [PostgresFact]
    public async Task Exact_search_gives_the_brute_force_top_10_with_cosine_similarity_scores()
    {
        var (store, collection) = await LoadedAsync("exact");
        using var _ = store;
        foreach (var query in Queries)
        {
            AssertSameRanking(BruteForce(query).Take(10), await SearchAsync(collection, query, 10));
        }
    }

    [PostgresFact]
    public async Task The_same_records_and_queries_give_the_in_process_stores_ids_and_scores()
    {
        var (store, collection) = await LoadedAsync("same");
        using var _ = store;
        using var inProcess = new InProcessVectorStore();
        var reference = inProcess.GetCollection<string, ChunkRecord>("same", ChunkRecord.Definition(Dimensions));
        await reference.EnsureCollectionExistsAsync();
        await reference.UpsertAsync(Records);
        var options = new VectorSearchOptions<ChunkRecord>[]
        {
            new(),
            new() { Skip = 7 },
            new() { Filter = r => r.Year >= 1900 && r.Year <= 1960 },
            new() { Filter = r => r.Party == "Whig" || r.Party == "Federalist", ScoreThreshold = 0.1 },
        };
        foreach (var query in Queries)
        {
            foreach (var option in options)
            {
                AssertSameRanking(await SearchAsync(reference, query, 10, option), await SearchAsync(collection, query, 10, option));
            }
        }
    }

    [PostgresFact]
    public async Task A_missing_collection_has_nothing_to_get_and_refuses_upserts_and_searches()
    {
        using var store = new PostgresVectorStore(fixture.Cluster.ConnectionString);
        var missing = store.GetCollection<string, ChunkRecord>("missing", ChunkRecord.Definition(Dimensions));
        Assert.Null(await missing.GetAsync("chunk-0001"));
        await missing.DeleteAsync("chunk-0001");
        var upsert = await Assert.ThrowsAsync<VectorStoreException>(() => missing.UpsertAsync(Records[0]));
        Assert.Contains("does not exist", upsert.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<VectorStoreException>(() => SearchAsync(missing, Queries[0], 3));

        var (loaded, collection) = await LoadedAsync("refusals");
        using var __ = loaded;
        var noVector = new ChunkRecord { Id = "no-vector" };
        await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync(noVector));
        var shortVector = new ChunkRecord { Id = "short", Embedding = new float[Dimensions - 1] };
        await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync([Records[0], shortVector]));
        await Assert.ThrowsAsync<ArgumentException>(() => SearchAsync(collection, new float[3], 3));
    }

    [PostgresFact]
    public async Task Skip_and_score_threshold_cut_the_same_ranking()
    {
        var (store, collection) = await LoadedAsync("skip");
        using var _ = store;
        var query = Queries[0];
        var reference = BruteForce(query);
        AssertSameRanking(reference.Skip(3).Take(5), await SearchAsync(collection, query, 5, new() { Skip = 3 }));

        var threshold = (reference[4].Score + reference[5].Score) / 2;
        var above = await SearchAsync(collection, query, 20, new() { ScoreThreshold = threshold });
        AssertSameRanking(reference.Take(5), above);
    }

    [PostgresFact]
    public async Task Filters_on_a_year_range_and_a_party_select_what_the_same_predicate_selects()
    {
        var (store, collection) = await LoadedAsync("filters");
        using var _ = store;
        var (from, to, party) = (1850, 1950, "Republican");
        foreach (var query in Queries.Take(4))
        {
            AssertSameRanking(
                BruteForce(query, r => r.Year >= from && r.Year < to && r.Party == party).Take(10),
                await SearchAsync(collection, query, 10, new() { Filter = r => r.Year >= from && r.Year < to && r.Party == party }));
            AssertSameRanking(
                BruteForce(query, r => !(r.Party == "Democratic" || r.Party == "Whig") || r.Year > 2000).Take(10),
                await SearchAsync(collection, query, 10, new() { Filter = r => !(r.Party == "Democratic" || r.Party == "Whig") || r.Year > 2000 }));
        }

        var matching = new List<string>();
        await foreach (var record in collection.GetAsync(r => r.Party == party && r.Year <= to, top: 1_000))
        {
            matching.Add(record.Id);
        }
        Assert.Equal(Records.Where(r => r.Party == party && r.Year <= to).Select(r => r.Id).Order(StringComparer.Ordinal), matching);
    }

    [PostgresFact]
    public async Task Filter_values_travel_as_parameters_so_quotes_in_them_are_only_text()
    {
        var (store, collection) = await LoadedAsync("injection");
        using var _ = store;
        var hostile = "Whig'; DROP TABLE \"injection\"; --";
        Assert.Empty(await SearchAsync(collection, Queries[0], 5, new() { Filter = r => r.Party == hostile }));
        Assert.True(await collection.CollectionExistsAsync());
        Assert.Equal(5, (await SearchAsync(collection, Queries[0], 5)).Count);
    }

    [PostgresFact]
    public async Task Upsert_replaces_a_record_and_delete_removes_it()
    {
        var (store, collection) = await LoadedAsync("upsert");
        using var _ = store;
        var query = Queries[1];
        var best = BruteForce(query)[0].Id;

        var changed = new ChunkRecord { Id = best, Year = 2021, President = "Biden", Party = "Democratic", Text = "changed", Embedding = query.Select(x => -x).ToArray() };
        await collection.UpsertAsync(changed);
        var read = await collection.GetAsync(best, new RecordRetrievalOptions { IncludeVectors = true });
        Assert.NotNull(read);
        Assert.Equal(("changed", 2021, "Democratic"), (read.Text, read.Year, read.Party));
        Assert.Equal(changed.Embedding.ToArray(), read.Embedding.ToArray());
        Assert.True((await collection.GetAsync(best))!.Embedding.IsEmpty);
        var top = await SearchAsync(collection, query, 10);
        Assert.DoesNotContain(best, top.Select(r => r.Id));
        Assert.Equal(Records.Length, await CountAsync(collection));

        await collection.DeleteAsync([best, Records[^1].Id]);
        Assert.Null(await collection.GetAsync(best));
        Assert.Equal(Records.Length - 2, await CountAsync(collection));
        var many = new List<string>();
        await foreach (var record in collection.GetAsync([Records[^1].Id, Records[5].Id, Records[2].Id]))
        {
            many.Add(record.Id);
        }
        Assert.Equal([Records[5].Id, Records[2].Id], many);
    }

    private static async Task<int> CountAsync(VectorStoreCollection<string, ChunkRecord> collection)
    {
        var count = 0;
        await foreach (var _ in collection.GetAsync(r => true, top: 10_000))
        {
            count++;
        }
        return count;
    }

    [PostgresFact]
    public async Task An_hnsw_collection_gets_an_hnsw_index_with_cosine_operators_that_can_serve_the_search()
    {
        var (store, collection) = await LoadedAsync("hnsw", IndexKind.Hnsw);
        using var _ = store;
        await using var connection = new NpgsqlConnection(fixture.Cluster.ConnectionString);
        await connection.OpenAsync();
        var definitions = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE tablename = 'hnsw' ORDER BY indexname", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                definitions.Add(reader.GetString(0));
            }
        }
        Assert.Contains(definitions, d => d.Contains("USING hnsw (\"Embedding\" vector_cosine_ops)", StringComparison.Ordinal));
        foreach (var indexed in new[] { "Year", "President", "Party" })
        {
            Assert.Contains(definitions, d => d.Contains($"USING btree (\"{indexed}\")", StringComparison.Ordinal));
        }
        Assert.DoesNotContain(definitions, d => d.Contains("(\"Text\")", StringComparison.Ordinal));

        // On 300 rows the planner rightly prefers an exact scan and a sort; with scans off it shows the index can serve the search.
        await using (var noScans = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await noScans.ExecuteNonQueryAsync();
        }
        await using var explain = new NpgsqlCommand(
            "EXPLAIN SELECT \"Id\" FROM hnsw ORDER BY \"Embedding\" <=> $1::vector LIMIT 10", connection)
        {
            Parameters = { new() { Value = new Pgvector.Vector(Queries[0]).ToString() } },
        };
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }
        Assert.Contains(plan, line => line.Contains("Index Scan using \"hnsw_Embedding_idx\"", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task Collections_are_listed_checked_and_deleted()
    {
        var (store, collection) = await LoadedAsync("listed");
        using var _ = store;
        Assert.True(await store.CollectionExistsAsync("listed"));
        var names = new List<string>();
        await foreach (var name in store.ListCollectionNamesAsync())
        {
            names.Add(name);
        }
        Assert.Contains("listed", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);

        await store.EnsureCollectionDeletedAsync("listed");
        Assert.False(await collection.CollectionExistsAsync());
        Assert.False(await store.CollectionExistsAsync("listed"));
        await store.EnsureCollectionDeletedAsync("listed");
    }

    [PostgresFact]
    public async Task A_dynamic_collection_in_another_schema_stores_and_finds_dictionaries()
    {
        using var store = new PostgresVectorStore(fixture.Cluster.ConnectionString, schema: "course vectors");
        var definition = new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty("Key", typeof(int)),
                new VectorStoreDataProperty("Label", typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty("Weight", typeof(double?)),
                new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 2) { DistanceFunction = DistanceFunction.EuclideanDistance },
            ],
        };
        var collection = store.GetDynamicCollection("points", definition);
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new() { ["Key"] = 1, ["Label"] = "origin", ["Weight"] = null, ["Vector"] = new ReadOnlyMemory<float>([0f, 0f]) },
            new() { ["Key"] = 2, ["Label"] = "far", ["Weight"] = 2.5, ["Vector"] = new ReadOnlyMemory<float>([3f, 4f]) },
        ]);
        var results = new List<(object Key, double Score)>();
        await foreach (var result in collection.SearchAsync(new float[] { 3f, 4f }, 2))
        {
            results.Add((result.Record["Key"]!, result.Score!.Value));
        }
        Assert.Equal([(2, 0.0), (1, 5.0)], results.Select(r => ((int)r.Key, r.Score)));

        var unweighted = new List<object?>();
        await foreach (var record in collection.GetAsync(r => (double?)r["Weight"] != 2.5, top: 10))
        {
            unweighted.Add(record["Key"]);
        }
        Assert.Equal([1], unweighted);
        await collection.EnsureCollectionDeletedAsync();
    }
}

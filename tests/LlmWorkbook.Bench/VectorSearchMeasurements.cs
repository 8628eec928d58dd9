using System.Diagnostics;
using System.Numerics.Tensors;
using LlmWorkbook.Rag.VectorStores;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Bench;

/// <summary>
/// Figures for the <c>rag</c> benchmark's vector search: exact search through <see cref="InProcessVectorCollection{TKey, TRecord}"/>
/// (queries per second, and how much of the machine's memory bandwidth its scan reaches) and the HNSW index against it
/// (recall@10 and speed-up). Both go through the public VectorData API, as the notebook does.
/// </summary>
public static class VectorSearchMeasurements
{
    private const int Top = 10;
    private const int Runs = 3;

    /// <summary>
    /// <c>exact_qps</c>, <c>exact_bandwidth_fraction</c>, <c>hnsw_recall_at_10</c> and <c>hnsw_speedup</c> for top-10
    /// searches of <paramref name="queries"/> over <paramref name="chunkVectors"/> (all of one length), compared by cosine.
    /// Times are the best of three passes over all queries, after a warm-up pass.
    /// </summary>
    /// <param name="chunkVectors">One vector per chunk.</param>
    /// <param name="queries">Query vectors of the same length.</param>
    /// <param name="hnsw">The HNSW settings; <see cref="HnswConfig"/>'s defaults when null.</param>
    public static IReadOnlyDictionary<string, double> Measure(
        IReadOnlyList<ReadOnlyMemory<float>> chunkVectors, IReadOnlyList<ReadOnlyMemory<float>> queries, HnswConfig? hnsw = null)
    {
        ArgumentNullException.ThrowIfNull(chunkVectors);
        ArgumentNullException.ThrowIfNull(queries);
        if (chunkVectors.Count == 0 || queries.Count == 0)
        {
            throw new ArgumentException("needs at least one chunk vector and one query");
        }
        var dimensions = chunkVectors[0].Length;
        var options = new InProcessVectorStoreOptions { Hnsw = hnsw ?? new HnswConfig() };
        var exact = Collection(chunkVectors, dimensions, IndexKind.Flat, options);
        var approximate = Collection(chunkVectors, dimensions, IndexKind.Hnsw, options);

        var exactTop = queries.Select(q => Ids(exact, q)).ToList();
        var hnswTop = queries.Select(q => Ids(approximate, q)).ToList();
        var hits = exactTop.Zip(hnswTop).Sum(pair => pair.First.Intersect(pair.Second).Count());
        var expected = exactTop.Sum(ids => ids.Count);

        var exactSeconds = BestSeconds(() => SearchAll(exact, queries));
        var hnswSeconds = BestSeconds(() => SearchAll(approximate, queries));
        var bytesPerQuery = (double)chunkVectors.Count * dimensions * sizeof(float);
        var exactQps = queries.Count / exactSeconds;
        return new Dictionary<string, double>
        {
            ["exact_qps"] = exactQps,
            ["exact_bandwidth_fraction"] = exactQps * bytesPerQuery / MemoryBandwidth(),
            ["hnsw_recall_at_10"] = (double)hits / expected,
            ["hnsw_speedup"] = exactSeconds / hnswSeconds,
        };
    }

    /// <summary>
    /// Single-thread read bandwidth of main memory in bytes per second: the best of five <see cref="TensorPrimitives.Sum(ReadOnlySpan{float})"/>
    /// passes over 512 MB, far bigger than the caches. A sum reads and never writes, like the exact search's scan, and
    /// runs on one thread as a query does. (When the vectors fit in the last-level cache, a scan can beat this.)
    /// </summary>
    public static double MemoryBandwidth()
    {
        var buffer = new float[128 * 1024 * 1024];
        buffer.AsSpan().Fill(1);
        var sink = TensorPrimitives.Sum(buffer); // page-in and warm-up
        var best = double.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            sink += TensorPrimitives.Sum(buffer);
            best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
        }
        GC.KeepAlive(sink);
        return buffer.Length * (double)sizeof(float) / best;
    }

    private static InProcessVectorCollection<string, ChunkRecord> Collection(
        IReadOnlyList<ReadOnlyMemory<float>> vectors, int dimensions, string indexKind, InProcessVectorStoreOptions options)
    {
        var collection = new InProcessVectorCollection<string, ChunkRecord>("chunks", ChunkRecord.Definition(dimensions, indexKind), options);
        collection.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
        collection.UpsertAsync(vectors.Select((v, i) => new ChunkRecord { Id = $"chunk-{i:D6}", Embedding = v })).GetAwaiter().GetResult();
        return collection;
    }

    private static List<string> Ids(InProcessVectorCollection<string, ChunkRecord> collection, ReadOnlyMemory<float> query) =>
        collection.SearchAsync(query, Top).Select(r => r.Record.Id).ToListAsync().AsTask().GetAwaiter().GetResult();

    private static void SearchAll(InProcessVectorCollection<string, ChunkRecord> collection, IReadOnlyList<ReadOnlyMemory<float>> queries)
    {
        foreach (var query in queries)
        {
            Ids(collection, query);
        }
    }

    private static double BestSeconds(Action action)
    {
        action();
        var best = double.MaxValue;
        for (var run = 0; run < Runs; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
        }
        return best;
    }
}

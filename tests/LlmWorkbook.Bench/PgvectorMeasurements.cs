using System.Diagnostics;
using LlmWorkbook.Rag.VectorStores;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Bench;

/// <summary>
/// The same exact top-10 searches through the same Microsoft.Extensions.VectorData API on the in-process store and on
/// PostgreSQL with pgvector (a throwaway cluster, stopped and deleted afterwards): median query times, and how often the
/// two return the same ten ids in the same order. For the <c>rag</c> benchmark.
/// </summary>
public static class PgvectorMeasurements
{
    private const int Top = 10;
    private const int WarmUpQueries = 5;

    /// <summary>
    /// Loads <paramref name="records"/> into both stores (exact search, cosine) and runs every query on each.
    /// Returns <c>inprocess_query_ms</c> and <c>pgvector_query_ms</c> (medians over the queries, each timed from the
    /// call to the last result) and <c>pgvector_same_topk</c> (the fraction of queries whose top-10 ids equal the
    /// in-process store's, in order; goal 1.0).
    /// </summary>
    /// <exception cref="InvalidOperationException">PostgreSQL with pgvector is not installed (the message says how to install it).</exception>
    public static async Task<IReadOnlyDictionary<string, double>> MeasureAsync(
        IReadOnlyList<ChunkRecord> records, IReadOnlyList<ReadOnlyMemory<float>> queries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(queries);
        if (records.Count == 0 || queries.Count == 0)
        {
            throw new ArgumentException("measuring needs at least one record and one query", records.Count == 0 ? nameof(records) : nameof(queries));
        }
        var definition = ChunkRecord.Definition(records[0].Embedding.Length, IndexKind.Flat);

        using var inProcess = new InProcessVectorStore();
        var local = inProcess.GetCollection<string, ChunkRecord>("chunks", definition);
        await local.EnsureCollectionExistsAsync(cancellationToken);
        await local.UpsertAsync(records, cancellationToken);
        var (inProcessMs, inProcessIds) = await TimeQueriesAsync(local, queries, cancellationToken);

        using var cluster = PostgresCluster.Start($"bench-{Environment.ProcessId}");
        using var postgres = new PostgresVectorStore(cluster.ConnectionString);
        var remote = postgres.GetCollection<string, ChunkRecord>("chunks", definition);
        await remote.EnsureCollectionExistsAsync(cancellationToken);
        await remote.UpsertAsync(records, cancellationToken);
        var (pgvectorMs, pgvectorIds) = await TimeQueriesAsync(remote, queries, cancellationToken);

        var same = inProcessIds.Zip(pgvectorIds).Count(pair => pair.First.SequenceEqual(pair.Second, StringComparer.Ordinal));
        return new Dictionary<string, double>
        {
            ["inprocess_query_ms"] = Statistics.Median(inProcessMs),
            ["pgvector_query_ms"] = Statistics.Median(pgvectorMs),
            ["pgvector_same_topk"] = (double)same / queries.Count,
        };
    }

    // Each query's time in milliseconds and its top ids, after a few untimed queries (JIT, connection pool, server caches).
    private static async Task<(List<double> Milliseconds, List<string[]> Ids)> TimeQueriesAsync(
        VectorStoreCollection<string, ChunkRecord> collection, IReadOnlyList<ReadOnlyMemory<float>> queries, CancellationToken cancellationToken)
    {
        foreach (var query in queries.Take(WarmUpQueries))
        {
            await TopIdsAsync(collection, query, cancellationToken);
        }
        var milliseconds = new List<double>(queries.Count);
        var ids = new List<string[]>(queries.Count);
        foreach (var query in queries)
        {
            var started = Stopwatch.GetTimestamp();
            ids.Add(await TopIdsAsync(collection, query, cancellationToken));
            milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return (milliseconds, ids);
    }

    private static async Task<string[]> TopIdsAsync(
        VectorStoreCollection<string, ChunkRecord> collection, ReadOnlyMemory<float> query, CancellationToken cancellationToken)
    {
        var ids = new List<string>(Top);
        await foreach (var result in collection.SearchAsync(query, Top, cancellationToken: cancellationToken))
        {
            ids.Add(result.Record.Id);
        }
        return [.. ids];
    }
}

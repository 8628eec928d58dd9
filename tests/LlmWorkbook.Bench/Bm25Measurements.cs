using System.Diagnostics;
using LlmWorkbook.Rag;
using LlmWorkbook.Tests.Rag;

namespace LlmWorkbook.Bench;

/// <summary>
/// The course's BM25 against Lucene.Net 4.8 on the same chunks and the same k1 and b: median query time of each (top 10,
/// each analyzing the query itself), timed alternately after a warm-up pass, and how often the two top 10s are the same
/// ids in the same order, with <see cref="Bm25Scoring.Lucene48"/> (the figure that should be 1) and with exact lengths.
/// </summary>
public static class Bm25Measurements
{
    private const int Top = 10;

    /// <param name="chunks">Ids and texts, e.g. every address's <see cref="Chunker.BySentences"/> chunks of 120 words.</param>
    /// <param name="queries">Query texts, e.g. the evaluation questions.</param>
    /// <param name="k1">BM25's k1, the same for both.</param>
    /// <param name="b">BM25's b, the same for both.</param>
    /// <param name="rounds">Timed passes over the queries.</param>
    public static IReadOnlyDictionary<string, double> Measure(IReadOnlyList<(string Id, string Text)> chunks, IReadOnlyList<string> queries,
        double k1 = 1.2, double b = 0.75, int rounds = 5)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfZero(queries.Count, nameof(queries));
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var ours = new Bm25Index(chunks, k1, b, Bm25Scoring.Lucene48);
        var exact = new Bm25Index(chunks, k1, b);
        using var lucene = LuceneBm25.WithEquivalentAnalyzer(chunks, (float)k1, (float)b);

        var (agreeing, exactAgreeing) = (0, 0);
        foreach (var query in queries) // also the warm-up pass
        {
            var luceneIds = lucene.Search(query, Top).Select(h => h.Id);
            agreeing += ours.Search(query, Top).Select(h => h.Id).SequenceEqual(luceneIds) ? 1 : 0;
            exactAgreeing += exact.Search(query, Top).Select(h => h.Id).SequenceEqual(luceneIds) ? 1 : 0;
        }

        var (ourTimes, luceneTimes) = (new List<double>(), new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < queries.Count; i++)
            {
                // Alternate who goes first, so neither always finds the other's data in cache.
                if ((round + i) % 2 == 0)
                {
                    ourTimes.Add(Milliseconds(() => ours.Search(queries[i], Top)));
                    luceneTimes.Add(Milliseconds(() => lucene.Search(queries[i], Top)));
                }
                else
                {
                    luceneTimes.Add(Milliseconds(() => lucene.Search(queries[i], Top)));
                    ourTimes.Add(Milliseconds(() => ours.Search(queries[i], Top)));
                }
            }
        }
        var (ourMedian, luceneMedian) = (Statistics.Median(ourTimes), Statistics.Median(luceneTimes));
        return new Dictionary<string, double>
        {
            ["bm25_latency_ratio"] = ourMedian / luceneMedian,
            ["bm25_top10_agreement"] = (double)agreeing / queries.Count,
            ["bm25_ours_query_ms"] = ourMedian,
            ["bm25_lucene_query_ms"] = luceneMedian,
            ["bm25_exact_top10_agreement"] = (double)exactAgreeing / queries.Count,
        };
    }

    private static double Milliseconds(Func<object> search)
    {
        var start = Stopwatch.GetTimestamp();
        GC.KeepAlive(search());
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}

using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using LlmWorkbook.Rag;

namespace LlmWorkbook.Tests.Rag;

/// <summary>
/// The reference that <see cref="Bm25Index"/> is checked against: Lucene.Net 4.8's BM25Similarity over an in-memory
/// index of the same documents, added in order (one segment, so Lucene's document numbers are our indices and ties
/// break alike). A query is a BooleanQuery with one SHOULD TermQuery per query term, repeats kept: each clause adds
/// its term's score again, as Bm25Index counts a repeated term again. Bm25Measurements (bench) links this file.
/// </summary>
internal sealed class LuceneBm25 : IDisposable
{
    private const string IdField = "id";
    private const string TextField = "text";

    private readonly Analyzer _analyzer;
    private readonly Func<string, string> _prepare;
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly string[] _ids;

    private LuceneBm25(IEnumerable<(string Id, string Text)> documents, float k1, float b, Analyzer analyzer, Func<string, string> prepare)
    {
        (_analyzer, _prepare) = (analyzer, prepare);
        var similarity = new BM25Similarity(k1, b);
        var config = new IndexWriterConfig(Bm25IndexAnalyzer.Version, analyzer)
        {
            Similarity = similarity,
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 512,
            MergePolicy = new LogDocMergePolicy(), // merges neighbours only, so document numbers keep the order of adding
        };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var (id, text) in documents)
            {
                writer.AddDocument([new StringField(IdField, id, Field.Store.YES), new TextField(TextField, prepare(text), Field.Store.NO)]);
            }
            writer.ForceMerge(1);
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = similarity };
        _ids = [.. Enumerable.Range(0, _reader.MaxDoc).Select(d => _reader.Document(d).Get(IdField))];
    }

    /// <summary>Lucene indexes each text with <see cref="Bm25IndexAnalyzer"/>, its own equivalent of our analysis.</summary>
    public static LuceneBm25 WithEquivalentAnalyzer(IEnumerable<(string Id, string Text)> documents, float k1 = 1.2f, float b = 0.75f) =>
        new(documents, k1, b, new Bm25IndexAnalyzer(), text => text);

    /// <summary>Lucene indexes our terms exactly: <see cref="Bm25Index.Analyze"/>'s output, split on spaces.</summary>
    public static LuceneBm25 OverOurTerms(IEnumerable<(string Id, string Text)> documents, float k1 = 1.2f, float b = 0.75f) =>
        new(documents, k1, b, new WhitespaceAnalyzer(Bm25IndexAnalyzer.Version), text => string.Join(' ', Bm25Index.Analyze(text)));

    /// <summary>The ids in Lucene's document order.</summary>
    public IReadOnlyList<string> Ids => _ids;

    /// <summary>The terms Lucene makes of a text.</summary>
    public IReadOnlyList<string> Terms(string text)
    {
        var terms = new List<string>();
        using var stream = _analyzer.GetTokenStream(TextField, _prepare(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }
        stream.End();
        return terms;
    }

    /// <summary>Lucene's <paramref name="top"/> hits for a query, best first, with its float scores.</summary>
    public IReadOnlyList<(string Id, float Score)> Search(string query, int top)
    {
        var boolean = new BooleanQuery();
        foreach (var term in Terms(query))
        {
            boolean.Add(new TermQuery(new Term(TextField, term)), Occur.SHOULD);
        }
        return [.. _searcher.Search(boolean, top).ScoreDocs.Select(hit => (_ids[hit.Doc], hit.Score))];
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}

using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace LlmWorkbook.Tests.Rag;

/// <summary>
/// <see cref="LlmWorkbook.Rag.Bm25Index.Analyze"/> in Lucene's terms: runs of UTF-16 letters and digits (a surrogate
/// pair splits a run, as it does in Bm25Index.Words), lower-cased in the invariant culture, minus Lucene's English stop
/// words. One difference remains: Lucene cuts a run at 255 characters.
/// </summary>
internal sealed class Bm25IndexAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var words = new LetterOrDigitTokenizer(reader);
        return new TokenStreamComponents(words, new StopFilter(Version, new LowerCaseFilter(Version, words), StopAnalyzer.ENGLISH_STOP_WORDS_SET));
    }

    private sealed class LetterOrDigitTokenizer(TextReader reader) : CharTokenizer(Version, reader)
    {
        protected override bool IsTokenChar(int c) => c <= char.MaxValue && char.IsLetterOrDigit((char)c);
    }
}

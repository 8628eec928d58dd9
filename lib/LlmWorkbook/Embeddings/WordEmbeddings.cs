using System.Globalization;
using System.Text;

namespace LlmWorkbook.Embeddings;

/// <summary>
/// A trained word-vector table: one row per vocabulary word. Lookups, cosine similarity, nearest neighbours,
/// sentence vectors by mean pooling, and save/load in the plain word2vec text format
/// (first line "count dimension", then "word v1 v2 …" per line), which other tools read too.
/// </summary>
public sealed class WordEmbeddings
{
    private readonly float[] _vectors;
    private readonly float[] _unitVectors;
    private readonly Dictionary<string, int> _ids;

    public IReadOnlyList<string> Words { get; }

    public int Dimension { get; }

    public int Count => Words.Count;

    /// <param name="words">The words, row order.</param>
    /// <param name="vectors">Row-major, words.Count × dimension.</param>
    /// <param name="dimension">Length of each vector (at least 1).</param>
    public WordEmbeddings(IReadOnlyList<string> words, float[] vectors, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (vectors.Length != words.Count * dimension)
        {
            throw new ArgumentException($"expected {words.Count} × {dimension} values, got {vectors.Length}.");
        }
        Words = words;
        Dimension = dimension;
        _vectors = vectors;
        _ids = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            _ids.Add(words[i], i);
        }
        _unitVectors = new float[vectors.Length];
        for (var i = 0; i < words.Count; i++)
        {
            VectorMath.Normalized(Row(_vectors, i)).CopyTo(_unitVectors, i * dimension);
        }
    }

    /// <summary>Random vectors for the same words: the baseline a trained table has to beat.</summary>
    public static WordEmbeddings Random(IReadOnlyList<string> words, int dimension, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[words.Count * dimension];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return new WordEmbeddings(words, vectors, dimension);
    }

    public bool Contains(string word) => _ids.ContainsKey(word);

    public int IdOf(string word) => _ids.TryGetValue(word, out var id) ? id : throw new KeyNotFoundException($"'{word}' has no vector.");

    /// <summary>The word's vector (a view into the table; do not change it).</summary>
    public ReadOnlySpan<float> this[string word] => Row(_vectors, IdOf(word));

    public float[] Vector(string word) => this[word].ToArray();

    public double Cosine(string a, string b) => VectorMath.Dot(Row(_unitVectors, IdOf(a)), Row(_unitVectors, IdOf(b)));

    /// <summary>The <paramref name="k"/> words most similar by cosine to <paramref name="word"/>, the word itself left out.</summary>
    public IReadOnlyList<(string Word, double Similarity)> Nearest(string word, int k = 10) =>
        Nearest(this[word], k, exclude: [word]);

    /// <summary>The <paramref name="k"/> words whose vectors are most similar by cosine to <paramref name="query"/>.</summary>
    public IReadOnlyList<(string Word, double Similarity)> Nearest(ReadOnlySpan<float> query, int k = 10, IReadOnlyCollection<string>? exclude = null)
    {
        var unit = VectorMath.Normalized(query);
        var scored = new List<(string Word, double Similarity)>(Count);
        for (var i = 0; i < Count; i++)
        {
            if (exclude is null || !exclude.Contains(Words[i]))
            {
                scored.Add((Words[i], VectorMath.Dot(unit, Row(_unitVectors, i))));
            }
        }
        return scored.OrderByDescending(s => s.Similarity).ThenBy(s => s.Word, StringComparer.Ordinal).Take(k).ToList();
    }

    /// <summary>
    /// A vector for a whole text: the mean of the unit vectors of its known words (unknown words are skipped;
    /// a text with no known word gives the zero vector). Unit vectors so that frequent words do not dominate by length.
    /// </summary>
    public float[] MeanPool(string text) => MeanPool(WordTokenizer.Words(text));

    public float[] MeanPool(IEnumerable<string> words)
    {
        var sum = new double[Dimension];
        var known = 0;
        foreach (var word in words)
        {
            if (_ids.TryGetValue(word, out var id))
            {
                var row = Row(_unitVectors, id);
                for (var j = 0; j < Dimension; j++)
                {
                    sum[j] += row[j];
                }
                known++;
            }
        }
        return sum.Select(s => known == 0 ? 0f : (float)(s / known)).ToArray();
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.Write($"{Count} {Dimension}\n");
        var line = new StringBuilder();
        for (var i = 0; i < Count; i++)
        {
            line.Clear().Append(Words[i]);
            foreach (var value in Row(_vectors, i))
            {
                line.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture));
            }
            writer.Write(line.Append('\n'));
        }
    }

    public static WordEmbeddings Load(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty."))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (count, dimension) = (int.Parse(header[0], CultureInfo.InvariantCulture), int.Parse(header[1], CultureInfo.InvariantCulture));
        var words = new List<string>(count);
        var vectors = new float[count * dimension];
        for (var i = 0; i < count; i++)
        {
            var parts = (reader.ReadLine() ?? throw new InvalidDataException($"{path} ends after {i} of {count} words."))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != dimension + 1)
            {
                throw new InvalidDataException($"{path}: line {i + 2} has {parts.Length - 1} values, expected {dimension}.");
            }
            words.Add(parts[0]);
            for (var j = 0; j < dimension; j++)
            {
                vectors[i * dimension + j] = float.Parse(parts[j + 1], CultureInfo.InvariantCulture);
            }
        }
        return new WordEmbeddings(words, vectors, dimension);
    }

    private ReadOnlySpan<float> Row(float[] table, int id) => table.AsSpan(id * Dimension, Dimension);
}

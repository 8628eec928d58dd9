using System.Numerics.Tensors;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// Hierarchical navigable small-world graph (Malkov and Yashunin, 2016) for approximate nearest neighbours by cosine
/// similarity. Every node sits on layer 0 and, with probability falling by a factor of M per layer, on higher ones; a
/// search walks greedily down from the top layer's entry point and then explores layer 0 keeping the
/// <see cref="HnswConfig.EfSearch"/> best candidates. Neighbours are chosen with the paper's heuristic (a candidate is
/// linked only if it is closer to the new node than to every neighbour already chosen), which keeps links spread out.
/// Vectors are stored normalized, so similarity is a dot product. A removed node stays in the graph as a waypoint and
/// is never returned; rebuild the index when many are removed.
/// </summary>
public sealed class HnswIndex
{
    private readonly Random _random;
    private readonly double _levelFactor;
    private readonly List<int[][]> _links = [];
    private readonly List<int> _levels = [];
    private readonly List<bool> _removed = [];
    private float[] _vectors = [];
    private int[] _visited = [];
    private int _visitMark;
    private int _entryPoint = -1;

    /// <param name="dimensions">The length of every vector.</param>
    /// <param name="config">Graph settings; <see cref="HnswConfig"/>'s defaults when null.</param>
    public HnswIndex(int dimensions, HnswConfig? config = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Config = config ?? new HnswConfig();
        Config.Check();
        Dimensions = dimensions;
        _random = new Random(Config.Seed);
        _levelFactor = 1 / Math.Log(Config.M);
    }

    /// <summary>The graph settings.</summary>
    public HnswConfig Config { get; }

    /// <summary>The length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>Nodes added, removed ones included; node ids run from 0 to Count − 1.</summary>
    public int Count => _levels.Count;

    /// <summary>Nodes removed.</summary>
    public int RemovedCount { get; private set; }

    /// <summary>Adds a vector (normalized here; a zero vector stays zero) and returns its node id.</summary>
    public int Add(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"expected {Dimensions} dimensions, got {vector.Length}", nameof(vector));
        }
        var node = Count;
        if (_vectors.Length < (node + 1) * Dimensions)
        {
            Array.Resize(ref _vectors, Math.Max(1024, _vectors.Length * 2));
            Array.Resize(ref _visited, _vectors.Length / Dimensions);
        }
        var stored = _vectors.AsSpan(node * Dimensions, Dimensions);
        vector.CopyTo(stored);
        var norm = TensorPrimitives.Norm(stored);
        if (norm > 0)
        {
            TensorPrimitives.Divide(stored, norm, stored);
        }
        var level = (int)(-Math.Log(1 - _random.NextDouble()) * _levelFactor);
        var links = new int[level + 1][];
        for (var layer = 0; layer <= level; layer++)
        {
            links[layer] = new int[MaxLinks(layer) + 1]; // [0] is the count
        }
        _links.Add(links);
        _levels.Add(level);
        _removed.Add(false);
        if (_entryPoint < 0)
        {
            _entryPoint = node;
            return node;
        }

        var query = Vector(node);
        var entry = _entryPoint;
        var top = _levels[_entryPoint];
        for (var layer = top; layer > level; layer--)
        {
            entry = Greedy(query, entry, layer);
        }
        for (var layer = Math.Min(level, top); layer >= 0; layer--)
        {
            var candidates = SearchLayer(query, entry, Config.EfConstruction, layer, liveOnly: false);
            var neighbours = SelectNeighbours(candidates, Config.M);
            SetLinks(node, layer, neighbours);
            foreach (var (neighbour, _) in neighbours)
            {
                Link(neighbour, node, layer);
            }
            entry = candidates[0].Node;
        }
        if (level > top)
        {
            _entryPoint = node;
        }
        return node;
    }

    /// <summary>Marks a node removed: searches no longer return it.</summary>
    public void Remove(int node)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(node, Count);
        if (!_removed[node])
        {
            _removed[node] = true;
            RemovedCount++;
        }
    }

    /// <summary>Whether <paramref name="node"/> was removed.</summary>
    public bool IsRemoved(int node) => _removed[node];

    /// <summary>
    /// The (approximately) <paramref name="top"/> nodes most similar to <paramref name="query"/> by cosine, best first
    /// (ties by node id), removed nodes left out.
    /// </summary>
    /// <param name="query">A vector of <see cref="Dimensions"/> floats (need not be normalized).</param>
    /// <param name="top">How many nodes to return at most.</param>
    /// <param name="efSearch">Candidates to keep; <see cref="HnswConfig.EfSearch"/> when null; never fewer than <paramref name="top"/>.</param>
    public IReadOnlyList<(int Node, float Similarity)> Search(ReadOnlySpan<float> query, int top, int? efSearch = null)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"expected {Dimensions} dimensions, got {query.Length}", nameof(query));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        if (efSearch is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(efSearch), efSearch, "efSearch must be at least 1");
        }
        if (_entryPoint < 0)
        {
            return [];
        }
        var unit = new float[Dimensions];
        var norm = TensorPrimitives.Norm(query);
        if (norm > 0)
        {
            TensorPrimitives.Divide(query, norm, unit);
        }
        var entry = _entryPoint;
        for (var layer = _levels[_entryPoint]; layer > 0; layer--)
        {
            entry = Greedy(unit, entry, layer);
        }
        var found = SearchLayer(unit, entry, Math.Max(top, efSearch ?? Config.EfSearch), 0, liveOnly: true);
        return found.Take(top).Select(f => (f.Node, 1 - f.Distance)).ToList();
    }

    private int MaxLinks(int layer) => layer == 0 ? 2 * Config.M : Config.M;

    private ReadOnlySpan<float> Vector(int node) => _vectors.AsSpan(node * Dimensions, Dimensions);

    private float Distance(ReadOnlySpan<float> query, int node) => 1 - TensorPrimitives.Dot(query, Vector(node));

    private Span<int> Links(int node, int layer)
    {
        var links = _links[node][layer];
        return links.AsSpan(1, links[0]);
    }

    private int Greedy(ReadOnlySpan<float> query, int entry, int layer)
    {
        var best = Distance(query, entry);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var neighbour in Links(entry, layer))
            {
                var distance = Distance(query, neighbour);
                if (distance < best)
                {
                    (best, entry, changed) = (distance, neighbour, true);
                }
            }
        }
        return entry;
    }

    /// <summary>The best <paramref name="ef"/> nodes found from <paramref name="entry"/> on one layer, closest first.</summary>
    private List<(int Node, float Distance)> SearchLayer(ReadOnlySpan<float> query, int entry, int ef, int layer, bool liveOnly)
    {
        if (++_visitMark == int.MaxValue)
        {
            Array.Clear(_visited);
            _visitMark = 1;
        }
        var candidates = new PriorityQueue<int, (float, int)>();   // closest first
        var results = new PriorityQueue<int, (float, int)>(WorstFirst);  // farthest first, at most ef
        var entryDistance = Distance(query, entry);
        _visited[entry] = _visitMark;
        candidates.Enqueue(entry, (entryDistance, entry));
        if (!liveOnly || !_removed[entry])
        {
            results.Enqueue(entry, (entryDistance, entry));
        }
        while (candidates.TryDequeue(out var current, out var currentKey))
        {
            if (results.Count >= ef && results.TryPeek(out _, out var worst) && currentKey.Item1 > worst.Item1)
            {
                break;
            }
            foreach (var neighbour in Links(current, layer))
            {
                if (_visited[neighbour] == _visitMark)
                {
                    continue;
                }
                _visited[neighbour] = _visitMark;
                var distance = Distance(query, neighbour);
                if (results.Count < ef || (results.TryPeek(out _, out var farthest) && distance < farthest.Item1))
                {
                    candidates.Enqueue(neighbour, (distance, neighbour));
                    if (!liveOnly || !_removed[neighbour])
                    {
                        results.Enqueue(neighbour, (distance, neighbour));
                        if (results.Count > ef)
                        {
                            results.Dequeue();
                        }
                    }
                }
            }
        }
        var found = new List<(int Node, float Distance)>(results.Count);
        while (results.TryDequeue(out var node, out var key))
        {
            found.Add((node, key.Item1));
        }
        found.Reverse();
        return found;
    }

    private static readonly Comparer<(float Distance, int Node)> WorstFirst =
        Comparer<(float Distance, int Node)>.Create((a, b) => b.CompareTo(a));

    /// <summary>The paper's heuristic: keep a candidate only if no kept neighbour is closer to it than the query is.</summary>
    private List<(int Node, float Distance)> SelectNeighbours(List<(int Node, float Distance)> closestFirst, int count)
    {
        var kept = new List<(int Node, float Distance)>(count);
        foreach (var candidate in closestFirst)
        {
            if (kept.Count == count)
            {
                break;
            }
            var vector = Vector(candidate.Node);
            var diverse = true;
            foreach (var (node, _) in kept)
            {
                if (1 - TensorPrimitives.Dot(vector, Vector(node)) < candidate.Distance)
                {
                    diverse = false;
                    break;
                }
            }
            if (diverse)
            {
                kept.Add(candidate);
            }
        }
        return kept;
    }

    private void SetLinks(int node, int layer, List<(int Node, float Distance)> neighbours)
    {
        var links = _links[node][layer];
        links[0] = neighbours.Count;
        for (var i = 0; i < neighbours.Count; i++)
        {
            links[i + 1] = neighbours[i].Node;
        }
    }

    private void Link(int from, int to, int layer)
    {
        var links = _links[from][layer];
        if (links[0] < MaxLinks(layer))
        {
            links[++links[0]] = to;
            return;
        }
        var vector = Vector(from);
        var candidates = new List<(int Node, float Distance)>(links[0] + 1) { (to, Distance(vector, to)) };
        foreach (var neighbour in Links(from, layer))
        {
            candidates.Add((neighbour, Distance(vector, neighbour)));
        }
        candidates.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Node.CompareTo(b.Node));
        SetLinks(from, layer, SelectNeighbours(candidates, MaxLinks(layer)));
    }
}

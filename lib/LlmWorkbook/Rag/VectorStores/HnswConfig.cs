namespace LlmWorkbook.Rag.VectorStores;

/// <summary>Settings of an <see cref="HnswIndex"/>.</summary>
/// <param name="M">Links per node on the upper layers (twice as many on layer 0); more links, better recall, more memory.</param>
/// <param name="EfConstruction">Candidates kept while linking a new node; more, a better graph and slower inserts.</param>
/// <param name="EfSearch">Candidates kept while searching (at least the number of results asked for); more, better recall and slower queries.</param>
/// <param name="Seed">Seeds the random layer of each new node, so the same inserts build the same graph.</param>
public sealed record HnswConfig(int M = 16, int EfConstruction = 200, int EfSearch = 64, int Seed = 42)
{
    internal void Check()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(M, 2, nameof(M));
        ArgumentOutOfRangeException.ThrowIfLessThan(EfConstruction, 1, nameof(EfConstruction));
        ArgumentOutOfRangeException.ThrowIfLessThan(EfSearch, 1, nameof(EfSearch));
    }
}

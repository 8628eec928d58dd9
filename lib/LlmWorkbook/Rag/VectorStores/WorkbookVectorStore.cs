using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Npgsql;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// The vector store a notebook or benchmark uses, chosen by one setting, <see cref="SettingName"/>: unset or
/// "inprocess" for <see cref="InProcessVectorStore"/>; "postgres" for PostgreSQL with pgvector in a throwaway cluster
/// (<see cref="PostgresCluster"/>), stopped and deleted on <see cref="Dispose"/>; or an Npgsql connection string for a
/// server of your own. Code written against <see cref="Store"/> is the same for all three.
/// </summary>
public sealed class WorkbookVectorStore : IDisposable
{
    /// <summary>The environment variable that picks the store.</summary>
    public const string SettingName = "WORKBOOK_VECTOR_STORE";

    private readonly PostgresCluster? _cluster;

    private WorkbookVectorStore(VectorStore store, string description, bool isPostgres, PostgresCluster? cluster) =>
        (Store, Description, IsPostgres, _cluster) = (store, description, isPostgres, cluster);

    /// <summary>The store.</summary>
    public VectorStore Store { get; }

    /// <summary>What the store is, without credentials: for a notebook to print.</summary>
    public string Description { get; }

    /// <summary>Whether the store is PostgreSQL.</summary>
    public bool IsPostgres { get; }

    /// <summary>The store <see cref="SettingName"/> names (see the class summary).</summary>
    /// <param name="embeddingGenerator">Embeds text queries for collections whose definition names no generator.</param>
    /// <exception cref="ArgumentException">The setting is neither "inprocess", "postgres" nor a connection string.</exception>
    public static WorkbookVectorStore FromEnvironment(IEmbeddingGenerator? embeddingGenerator = null) =>
        Open(Environment.GetEnvironmentVariable(SettingName), embeddingGenerator);

    /// <summary>The store a setting's value names (null or empty: in process).</summary>
    public static WorkbookVectorStore Open(string? setting, IEmbeddingGenerator? embeddingGenerator = null)
    {
        var value = setting?.Trim() ?? "";
        if (value.Length == 0 || value.Equals("inprocess", StringComparison.OrdinalIgnoreCase))
        {
            return new WorkbookVectorStore(
                new InProcessVectorStore(new InProcessVectorStoreOptions { EmbeddingGenerator = embeddingGenerator }), "in-process vector store", false, null);
        }
        if (value.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            var cluster = PostgresCluster.Start("vector-store");
            try
            {
                return new WorkbookVectorStore(new PostgresVectorStore(cluster.ConnectionString, embeddingGenerator: embeddingGenerator), cluster.ToString(), true, cluster);
            }
            catch
            {
                cluster.Dispose();
                throw;
            }
        }
        if (!value.Contains('='))
        {
            throw new ArgumentException(
                $"{SettingName} is '{value}': use inprocess (the default), postgres (a throwaway local cluster) or an Npgsql connection string", nameof(setting));
        }
        var store = new PostgresVectorStore(value, embeddingGenerator: embeddingGenerator);
        var parsed = new NpgsqlConnectionStringBuilder(value);
        return new WorkbookVectorStore(store, $"PostgreSQL at {parsed.Host}:{parsed.Port}, database {store.DatabaseName}", true, null);
    }

    /// <summary>Stops and deletes the throwaway cluster, if there is one.</summary>
    public void Dispose() => _cluster?.Dispose();
}

using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Npgsql;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// A <see cref="VectorStore"/> on PostgreSQL with pgvector: each collection is a table in one schema, with a
/// <c>vector(n)</c> column, a column per data property, a B-tree index on each indexed data property and, when the
/// vector property asks for <see cref="IndexKind.Hnsw"/>, an HNSW index (exact search otherwise). It accepts the same
/// record types, filters and options as the in-process store and gives the same scores.
/// </summary>
public sealed class PostgresVectorStore : VectorStore
{
    internal const string SystemName = "postgresql";

    private readonly string _connectionString;
    private readonly IEmbeddingGenerator? _embeddingGenerator;
    private readonly SemaphoreSlim _opening = new(1, 1);
    private NpgsqlDataSource? _dataSource;
    private bool _disposed;

    /// <summary>A store on the database that <paramref name="connectionString"/> names.</summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <see cref="PostgresCluster.ConnectionString"/>.</param>
    /// <param name="schema">The schema that holds the collections' tables; created if missing.</param>
    /// <param name="embeddingGenerator">Turns text queries into vectors for collections whose definition names no generator.</param>
    /// <exception cref="ArgumentException">The connection string cannot be parsed, or the schema name is not a usable name.</exception>
    public PostgresVectorStore(string connectionString, string schema = "public", IEmbeddingGenerator? embeddingGenerator = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(schema);
        PostgresSql.CheckIdentifier(schema, "schema name", nameof(schema));
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"the connection string cannot be parsed: {e.Message}", nameof(connectionString), e);
        }
        _connectionString = connectionString;
        Schema = schema;
        _embeddingGenerator = embeddingGenerator;
        DatabaseName = parsed.Database ?? parsed.Username ?? "";
    }

    /// <summary>The schema that holds the collections' tables.</summary>
    public string Schema { get; }

    /// <summary>The database's name, as the connection string gives it.</summary>
    public string DatabaseName { get; }

    /// <summary>The pgvector extension's version on the server, known once the store has connected (empty before).</summary>
    public string PgvectorVersion { get; private set; } = "";

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The name is not a usable table name, or the record type or definition is not supported (the message says why).</exception>
    public override VectorStoreCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new PostgresVectorCollection<TKey, TRecord>(this, name, RecordModel.For<TRecord>(definition, _embeddingGenerator));
    }

    /// <inheritdoc/>
    public override VectorStoreCollection<object, Dictionary<string, object?>> GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return GetCollection<object, Dictionary<string, object?>>(name, definition);
    }

    /// <summary>The names of the tables in <see cref="Schema"/>, in order: every table there counts as a collection.</summary>
    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        await RunAsync("ListCollectionNames", null, async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name",
                connection);
            command.Parameters.Add(new NpgsqlParameter { Value = Schema });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }
        }).ConfigureAwait(false);
        foreach (var name in names)
        {
            yield return name;
        }
    }

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        PostgresSql.CheckIdentifier(name, "collection name", nameof(name));
        return TableExistsAsync(name, cancellationToken);
    }

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        PostgresSql.CheckIdentifier(name, "collection name", nameof(name));
        return DropTableAsync(name, cancellationToken);
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? new VectorStoreMetadata { VectorStoreSystemName = SystemName, VectorStoreName = DatabaseName }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _dataSource?.Dispose();
            _opening.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>
    /// An open connection whose data source knows pgvector's types. The first call creates the extension if the
    /// database lacks it, before the data source loads the server's types.
    /// </summary>
    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_dataSource is null)
        {
            await _opening.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_dataSource is null)
                {
                    await using (var setup = new NpgsqlConnection(_connectionString))
                    {
                        await setup.OpenAsync(cancellationToken).ConfigureAwait(false);
                        await using var command = new NpgsqlCommand(
                            "CREATE EXTENSION IF NOT EXISTS vector; SELECT extversion FROM pg_extension WHERE extname = 'vector'", setup);
                        PgvectorVersion = (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    }
                    var builder = new NpgsqlDataSourceBuilder(_connectionString);
                    builder.UseVector();
                    _dataSource = builder.Build();
                }
            }
            finally
            {
                _opening.Release();
            }
        }
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether pgvector here has iterative index scans (0.8.0 and later), which keep filtered HNSW searches from coming back short.</summary>
    internal bool HasIterativeIndexScans =>
        Version.TryParse(PgvectorVersion, out var version) && version >= new Version(0, 8, 0);

    /// <summary>The schema-qualified, quoted name of a collection's table.</summary>
    internal string Table(string name) => $"{PostgresSql.Quote(Schema)}.{PostgresSql.Quote(name)}";

    internal async Task<bool> TableExistsAsync(string name, CancellationToken cancellationToken)
    {
        var exists = false;
        await RunAsync("CollectionExists", name, async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = Schema });
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            exists = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }).ConfigureAwait(false);
        return exists;
    }

    internal Task DropTableAsync(string name, CancellationToken cancellationToken) =>
        RunAsync("EnsureCollectionDeleted", name, async () =>
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"DROP TABLE IF EXISTS {Table(name)}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <summary>
    /// Runs a database operation, reporting the server's errors as <see cref="VectorStoreException"/> with what was being
    /// done. A missing table is, as in the in-process store, nothing to read or delete (<paramref name="missingTableIsEmpty"/>)
    /// or an error that says to create the collection.
    /// </summary>
    internal async Task RunAsync(string operation, string? collection, Func<Task> action, bool missingTableIsEmpty = false)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable && collection is not null)
        {
            if (!missingTableIsEmpty)
            {
                throw Failure($"the collection '{collection}' does not exist; call EnsureCollectionExistsAsync first", e, operation, collection);
            }
        }
        catch (NpgsqlException e)
        {
            throw Failure($"PostgreSQL failed in {operation}{(collection is null ? "" : $" on the collection '{collection}'")}: {e.Message}", e, operation, collection);
        }
    }

    private VectorStoreException Failure(string message, Exception inner, string operation, string? collection) => new(message, inner)
    {
        VectorStoreSystemName = SystemName,
        VectorStoreName = DatabaseName,
        CollectionName = collection,
        OperationName = operation,
    };
}

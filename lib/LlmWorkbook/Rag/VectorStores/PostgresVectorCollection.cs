using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// One collection of a <see cref="PostgresVectorStore"/>: a table with the key as primary key, a column per data
/// property and a <c>vector(n)</c> column. Searches order by pgvector's distance operator for the vector property's
/// distance function (<c>&lt;=&gt;</c> for cosine) and report the same scores as the in-process store (cosine
/// similarity is 1 − pgvector's cosine distance). Filters become parameterized SQL.
/// </summary>
/// <typeparam name="TKey">The key's type: the record's key type, or <see cref="object"/> for a dynamic collection.</typeparam>
/// <typeparam name="TRecord">The record type, described by attributes or a definition (<see cref="RecordModel"/>).</typeparam>
public sealed class PostgresVectorCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    // Rows per INSERT: 1,000 records of a dozen columns stay far below PostgreSQL's 65,535 parameters per statement.
    private const int UpsertBatchSize = 1_000;
    private const int DefaultEfSearch = 40;
    private const int MaxEfSearch = 1_000;

    private readonly PostgresVectorStore _store;
    private readonly string _table;

    internal PostgresVectorCollection(PostgresVectorStore store, string name, RecordModel model)
    {
        PostgresSql.CheckIdentifier(name, "collection name", nameof(name));
        if (typeof(TKey) != model.Key.Type && !(typeof(TKey) == typeof(object) && model.IsDynamic))
        {
            throw new ArgumentException(
                $"the collection's key type is {RecordModel.TypeName(typeof(TKey))}, but the key property {model.Key.Name} is {RecordModel.TypeName(model.Key.Type)}",
                nameof(model));
        }
        foreach (var property in new RecordProperty[] { model.Key, model.Vector }.Concat(model.Data))
        {
            PostgresSql.CheckIdentifier(property.StorageName, $"storage name of {property.Name}", nameof(model));
        }
        _store = store;
        Name = name;
        Model = model;
        _table = store.Table(name);
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>The record model the collection reads and writes with.</summary>
    public RecordModel Model { get; }

    private string KeyColumn => PostgresSql.Quote(Model.Key.StorageName);

    private string VectorColumn => PostgresSql.Quote(Model.Vector.StorageName);

    /// <inheritdoc/>
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        _store.TableExistsAsync(Name, cancellationToken);

    /// <summary>
    /// Creates the table and its indexes if the table does not exist: a B-tree index on each indexed data property, and
    /// <c>USING hnsw (vector vector_cosine_ops)</c> (or the operator class of the distance function) when the vector
    /// property's index kind is HNSW. An existing table is left as it is.
    /// </summary>
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) =>
        _store.RunAsync("EnsureCollectionExists", Name, async () =>
        {
            await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // One creator at a time, so two processes creating the same collection do not both build its indexes.
            var lockKey = $"{_store.Schema}.{Name}";
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter { Value = lockKey });
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using (var exists = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2)", connection, transaction))
            {
                exists.Parameters.Add(new NpgsqlParameter { Value = _store.Schema });
                exists.Parameters.Add(new NpgsqlParameter { Value = Name });
                if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    return;
                }
            }
            await using (var create = new NpgsqlCommand(CreateTableSql(), connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) =>
        _store.DropTableAsync(Name, cancellationToken);

    /// <inheritdoc/>
    public override async Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await foreach (var record in GetAsync([key], options, cancellationToken).ConfigureAwait(false))
        {
            return record;
        }
        return null;
    }

    /// <summary>The records with these keys, in the order of <paramref name="keys"/>; keys with no record are left out.</summary>
    public override async IAsyncEnumerable<TRecord> GetAsync(
        IEnumerable<TKey> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var keyList = keys.Select(CheckedKey).ToList();
        if (keyList.Count == 0)
        {
            yield break;
        }
        var includeVectors = options?.IncludeVectors ?? false;
        var found = new Dictionary<object, TRecord>();
        await _store.RunAsync("Get", Name, async () =>
        {
            await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"SELECT {SelectList(includeVectors)} FROM {_table} WHERE {KeyColumn} = ANY($1)", connection);
            command.Parameters.Add(KeyArray(keyList));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = ReadRecord(reader, includeVectors);
                found[Model.Key.GetValue(record)!] = record;
            }
        }, missingTableIsEmpty: true).ConfigureAwait(false);
        foreach (var key in keyList)
        {
            if (found.TryGetValue(key, out var record))
            {
                yield return record;
            }
        }
    }

    /// <summary>
    /// Up to <paramref name="top"/> records that match <paramref name="filter"/>, after skipping <c>options.Skip</c>, in
    /// the order <c>options.OrderBy</c> gives (by key when it gives none, ties broken by key).
    /// </summary>
    public override async IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var skip = options?.Skip ?? 0;
        ArgumentOutOfRangeException.ThrowIfNegative(skip, "options.Skip");
        var includeVectors = options?.IncludeVectors ?? false;
        var parameters = new List<NpgsqlParameter>();
        var where = PostgresFilterTranslation.ToSql(RecordFilter.Parse(filter, Model), parameters);
        var orderBy = OrderBySql(options?.OrderBy);
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = top });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = skip });
        var sql = $"SELECT {SelectList(includeVectors)} FROM {_table} WHERE {where} ORDER BY {orderBy} LIMIT ${parameters.Count - 1} OFFSET ${parameters.Count}";
        var records = new List<TRecord>();
        await _store.RunAsync("GetFiltered", Name, async () =>
        {
            await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(ReadRecord(reader, includeVectors));
            }
        }, missingTableIsEmpty: true).ConfigureAwait(false);
        foreach (var record in records)
        {
            yield return record;
        }
    }

    /// <inheritdoc/>
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return DeleteAsync([key], cancellationToken);
    }

    /// <inheritdoc/>
    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var keyList = keys.Select(CheckedKey).ToList();
        if (keyList.Count == 0)
        {
            return Task.CompletedTask;
        }
        return _store.RunAsync("Delete", Name, async () =>
        {
            await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"DELETE FROM {_table} WHERE {KeyColumn} = ANY($1)", connection);
            command.Parameters.Add(KeyArray(keyList));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, missingTableIsEmpty: true);
    }

    /// <inheritdoc/>
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertAsync([record], cancellationToken);
    }

    /// <summary>
    /// Inserts the records, replacing those whose key is already there, in batches of multi-row
    /// <c>INSERT … ON CONFLICT DO UPDATE</c> inside one transaction. When a key appears twice, the later record wins.
    /// Every record is checked before any is sent, so a bad one leaves the collection as it was.
    /// </summary>
    /// <exception cref="ArgumentException">A record has no key, no vector, or a vector of the wrong length.</exception>
    /// <exception cref="VectorStoreException">The collection does not exist, or the server failed.</exception>
    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var latest = new Dictionary<object, TRecord>();
        var order = new List<object>();
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            var key = Model.Key.GetValue(record) ?? throw new ArgumentException($"a record has no key ({Model.Key.Name} is null)", nameof(records));
            CheckVector(record);
            if (!latest.ContainsKey(key))
            {
                order.Add(key);
            }
            latest[key] = record;
        }
        if (order.Count == 0)
        {
            return;
        }
        await _store.RunAsync("Upsert", Name, async () =>
        {
            await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var batch in order.Chunk(UpsertBatchSize))
            {
                await using var command = new NpgsqlCommand(UpsertSql(batch.Length), connection, transaction);
                foreach (var key in batch)
                {
                    AddRowParameters(command, latest[key]);
                }
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The <paramref name="top"/> records nearest to <paramref name="searchValue"/> after skipping <c>options.Skip</c>,
    /// best first: <c>ORDER BY vector &lt;=&gt; @query LIMIT @top OFFSET @skip</c> (or the distance function's operator).
    /// The search value is a vector (<see cref="ReadOnlyMemory{T}"/> of float, <c>float[]</c>, <see cref="Embedding{T}"/>) or,
    /// with an embedding generator, a string. A score threshold keeps results at least that similar (similarities) or at
    /// most that distant (distances). With an HNSW index the search is approximate, with <c>hnsw.ef_search</c> raised to
    /// <c>top + skip</c> so that it can return that many.
    /// </summary>
    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var skip = options?.Skip ?? 0;
        ArgumentOutOfRangeException.ThrowIfNegative(skip, "options.Skip");
        CheckVectorProperty(options?.VectorProperty);
        var query = await QueryVectorAsync(searchValue, cancellationToken).ConfigureAwait(false);
        var includeVectors = options?.IncludeVectors ?? false;
        var function = Model.Vector.DistanceFunction;

        var parameters = new List<NpgsqlParameter> { new() { Value = new Vector(query) } };
        var distance = $"({VectorColumn} {PostgresSql.DistanceOperator(function)} $1)";
        var score = PostgresSql.Score(function, distance);
        var conditions = new List<string> { "TRUE" };
        if (options?.Filter is { } filter)
        {
            conditions.Add(PostgresFilterTranslation.ToSql(RecordFilter.Parse(filter, Model), parameters));
        }
        if (options?.ScoreThreshold is { } threshold)
        {
            parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = threshold });
            conditions.Add($"{score} {(Model.Vector.HigherIsCloser ? ">=" : "<=")} ${parameters.Count}");
        }
        var hnsw = Model.Vector.IndexKind == IndexKind.Hnsw;
        // An HNSW index scan can only serve ORDER BY distance alone; exact search breaks ties by key, as the in-process store does.
        var orderBy = hnsw ? distance : $"{distance}, {Sorted(Model.Key)}";
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = top });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = skip });
        var sql = $"SELECT {SelectList(includeVectors)}, {score} FROM {_table} WHERE {string.Join(" AND ", conditions)} "
            + $"ORDER BY {orderBy} LIMIT ${parameters.Count - 1} OFFSET ${parameters.Count}";

        var results = new List<VectorSearchResult<TRecord>>();
        await _store.RunAsync("Search", Name, async () =>
        {
            await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (hnsw)
            {
                var efSearch = Math.Clamp(top + skip, DefaultEfSearch, MaxEfSearch);
                var settings = $"SET LOCAL hnsw.ef_search = {efSearch.ToString(CultureInfo.InvariantCulture)}";
                if (_store.HasIterativeIndexScans)
                {
                    settings += "; SET LOCAL hnsw.iterative_scan = strict_order";
                }
                await using var set = new NpgsqlCommand(settings, connection, transaction);
                await set.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using (var command = new NpgsqlCommand(sql, connection, transaction))
            {
                command.Parameters.AddRange(parameters.ToArray());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var scoreOrdinal = reader.FieldCount - 1;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    results.Add(new VectorSearchResult<TRecord>(ReadRecord(reader, includeVectors), reader.GetDouble(scoreOrdinal)));
                }
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        foreach (var result in results)
        {
            yield return result;
        }
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(RecordModel) ? Model
            : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata
            {
                VectorStoreSystemName = PostgresVectorStore.SystemName,
                VectorStoreName = _store.DatabaseName,
                CollectionName = Name,
            }
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private string CreateTableSql()
    {
        var columns = new List<string> { $"{KeyColumn} {PostgresSql.ColumnType(Model.Key.Type)} PRIMARY KEY" };
        columns.AddRange(Model.Data.Select(d =>
            $"{PostgresSql.Quote(d.StorageName)} {PostgresSql.ColumnType(d.Type)}{(PostgresSql.IsNullable(d.Type) ? "" : " NOT NULL")}"));
        columns.Add($"{VectorColumn} vector({Model.Vector.Dimensions.ToString(CultureInfo.InvariantCulture)}) NOT NULL");
        var sql = new StringBuilder();
        if (_store.Schema != "public")
        {
            sql.Append(CultureInfo.InvariantCulture, $"CREATE SCHEMA IF NOT EXISTS {PostgresSql.Quote(_store.Schema)}; ");
        }
        sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE {_table} ({string.Join(", ", columns)}); ");
        // Unnamed indexes: PostgreSQL picks names that fit in its identifier length.
        foreach (var indexed in Model.Data.Where(d => d.IsIndexed))
        {
            sql.Append(CultureInfo.InvariantCulture, $"CREATE INDEX ON {_table} ({PostgresSql.Quote(indexed.StorageName)}); ");
        }
        if (Model.Vector.IndexKind == IndexKind.Hnsw)
        {
            sql.Append(CultureInfo.InvariantCulture,
                $"CREATE INDEX ON {_table} USING hnsw ({VectorColumn} {PostgresSql.OperatorClass(Model.Vector.DistanceFunction)}); ");
        }
        return sql.ToString();
    }

    private string UpsertSql(int rows)
    {
        var columns = new List<string> { KeyColumn };
        columns.AddRange(Model.Data.Select(d => PostgresSql.Quote(d.StorageName)));
        columns.Add(VectorColumn);
        var sql = new StringBuilder($"INSERT INTO {_table} ({string.Join(", ", columns)}) VALUES ");
        var parameter = 0;
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Count; column++)
            {
                sql.Append(column == 0 ? "$" : ", $").Append(++parameter);
            }
            sql.Append(')');
        }
        sql.Append(CultureInfo.InvariantCulture, $" ON CONFLICT ({KeyColumn}) DO UPDATE SET ");
        sql.AppendJoin(", ", columns.Skip(1).Select(c => $"{c} = EXCLUDED.{c}"));
        return sql.ToString();
    }

    private void AddRowParameters(NpgsqlCommand command, TRecord record)
    {
        command.Parameters.Add(PostgresSql.Parameter(Model.Key.GetValue(record), Model.Key.Type));
        foreach (var data in Model.Data)
        {
            command.Parameters.Add(PostgresSql.Parameter(data.GetValue(record), data.Type));
        }
        command.Parameters.Add(new NpgsqlParameter { Value = new Vector(Model.Vector.GetVector(record)!.Value) });
    }

    private string SelectList(bool includeVectors)
    {
        var columns = new List<string> { KeyColumn };
        columns.AddRange(Model.Data.Select(d => PostgresSql.Quote(d.StorageName)));
        if (includeVectors)
        {
            columns.Add(VectorColumn);
        }
        return string.Join(", ", columns);
    }

    // Reads the columns of SelectList, in its order.
    private TRecord ReadRecord(NpgsqlDataReader reader, bool includeVectors)
    {
        var record = Model.CreateRecord();
        Model.Key.SetValue(record, PostgresSql.Read(reader, 0, Model.Key.Type));
        for (var i = 0; i < Model.Data.Count; i++)
        {
            Model.Data[i].SetValue(record, PostgresSql.Read(reader, i + 1, Model.Data[i].Type));
        }
        var vectorOrdinal = Model.Data.Count + 1;
        if (includeVectors && !reader.IsDBNull(vectorOrdinal))
        {
            Model.Vector.SetVector(record, reader.GetFieldValue<Vector>(vectorOrdinal).Memory);
        }
        return (TRecord)record;
    }

    // The in-process store's order: the given properties, then the key; NULL before any value; strings by ordinal.
    private string OrderBySql(Func<FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition, FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition>? orderBy)
    {
        var terms = new List<string>();
        if (orderBy is not null)
        {
            foreach (var sort in orderBy(new FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition()).Values)
            {
                var property = Model.Property(sort.PropertySelector);
                if (property is RecordVectorProperty)
                {
                    throw new NotSupportedException($"order by needs a key or data property, not {property.Name}");
                }
                terms.Add(sort.Ascending ? $"{Sorted(property)} ASC NULLS FIRST" : $"{Sorted(property)} DESC NULLS LAST");
            }
        }
        terms.Add($"{Sorted(Model.Key)} ASC");
        return string.Join(", ", terms);
    }

    private static string Sorted(RecordProperty property) =>
        PostgresSql.Quote(property.StorageName) + (property.Type == typeof(string) ? " COLLATE \"C\"" : "");

    private void CheckVectorProperty(Expression<Func<TRecord, object?>>? selector)
    {
        if (selector is not null && Model.Property(selector) != Model.Vector)
        {
            throw new ArgumentException($"options.VectorProperty must select {Model.Vector.Name}, the record's vector property ({selector})", "options");
        }
    }

    private async Task<ReadOnlyMemory<float>> QueryVectorAsync<TInput>(TInput searchValue, CancellationToken cancellationToken)
    {
        var vector = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            Embedding<float> embedding => embedding.Vector,
            string text when Model.Vector.EmbeddingGenerator is { } generator =>
                await generator.GenerateVectorAsync(text, cancellationToken: cancellationToken).ConfigureAwait(false),
            string => throw new InvalidOperationException(
                $"a text search needs an embedding generator for {Model.Vector.Name} (in the definition, or given to the store); or search with a vector"),
            _ => throw new NotSupportedException(
                $"the search value is a {searchValue!.GetType().Name}; search with ReadOnlyMemory<float>, float[], Embedding<float> or (with an embedding generator) a string"),
        };
        if (vector.Length != Model.Vector.Dimensions)
        {
            throw new ArgumentException($"the search vector has {vector.Length} floats; {Model.Vector.Name} has {Model.Vector.Dimensions}", nameof(searchValue));
        }
        return vector;
    }

    private void CheckVector(TRecord record)
    {
        var vector = Model.Vector.GetVector(record);
        if (vector is not { Length: > 0 } present)
        {
            throw new ArgumentException($"the record '{Model.Key.GetValue(record)}' has no vector ({Model.Vector.Name})", "records");
        }
        if (present.Length != Model.Vector.Dimensions)
        {
            throw new ArgumentException(
                $"the record '{Model.Key.GetValue(record)}' has a vector of {present.Length} floats; {Model.Vector.Name} has {Model.Vector.Dimensions}", "records");
        }
    }

    private object CheckedKey(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key, "keys");
        return key.GetType() == Model.Key.Type ? key
            : throw new ArgumentException($"the key {key} is a {key.GetType().Name}; {Model.Key.Name} is {RecordModel.TypeName(Model.Key.Type)}", "keys");
    }

    private NpgsqlParameter KeyArray(List<object> keys)
    {
        var array = Array.CreateInstance(Model.Key.Type, keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            array.SetValue(keys[i], i);
        }
        return new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | PostgresSql.DbType(Model.Key.Type), Value = array };
    }
}

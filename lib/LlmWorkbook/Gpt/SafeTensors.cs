using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// The safetensors file format: an 8-byte little-endian header length N, N bytes of JSON mapping each tensor name to
/// {dtype, shape, data_offsets: [begin, end]} (offsets into the data that follows; an optional "__metadata__" holds
/// string pairs), then the raw little-endian tensor bytes. No code runs on load, unlike a pickle.
/// </summary>
/// <remarks>
/// Reading checks the whole header against the file before any tensor is allocated, as the specification
/// (github.com/huggingface/safetensors) and its reference implementation do: a header of at most 100,000,000 bytes
/// that is a JSON object; names that appear once; for each tensor a known dtype, a shape of non-negative whole
/// numbers, and data_offsets [begin, end] inside the data holding exactly the shape's bytes; tensors that do not
/// overlap and together cover the data with no gap; metadata of strings only. Each problem is an
/// <see cref="InvalidDataException"/> naming the file and the tensor.
/// </remarks>
public static class SafeTensors
{
    /// <summary>The largest header the reference implementation accepts.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>Every byte-sized dtype of the specification: its size, and the TorchSharp type when there is one.</summary>
    private static readonly Dictionary<string, (int Size, ScalarType? Type)> Dtypes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = (1, ScalarType.Bool),
        ["U8"] = (1, ScalarType.Byte),
        ["I8"] = (1, ScalarType.Int8),
        ["F8_E5M2"] = (1, null),
        ["F8_E4M3"] = (1, null),
        ["I16"] = (2, ScalarType.Int16),
        ["U16"] = (2, null),
        ["F16"] = (2, ScalarType.Float16),
        ["BF16"] = (2, ScalarType.BFloat16),
        ["I32"] = (4, ScalarType.Int32),
        ["U32"] = (4, null),
        ["F32"] = (4, ScalarType.Float32),
        ["F64"] = (8, ScalarType.Float64),
        ["I64"] = (8, ScalarType.Int64),
        ["U64"] = (8, null),
    };

    /// <summary>Writes tensors (in the given order) and optional metadata; the data starts 8-byte aligned.</summary>
    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        EnsureLittleEndian();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            header[MetadataKey] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        }
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            var dtype = Dtypes.FirstOrDefault(kv => kv.Value.Type == t.dtype).Key
                ?? throw new NotSupportedException($"tensor '{name}': dtype {t.dtype} is not supported by this writer");
            if (name == MetadataKey || header.ContainsKey(name))
            {
                throw new ArgumentException($"tensor '{name}' appears twice or uses the reserved name", nameof(tensors));
            }
            var bytes = t.detach().cpu().contiguous().bytes.ToArray();
            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(t.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8; // pad with spaces so the data starts 8-byte aligned
        // Written beside the target and moved over it, so a reader never sees a half-written file.
        var partial = path + ".partial";
        try
        {
            using (var stream = File.Create(partial))
            {
                var length = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
                stream.Write(length);
                stream.Write(json);
                stream.Write(Enumerable.Repeat((byte)' ', padded - json.Length).ToArray());
                foreach (var blob in blobs)
                {
                    stream.Write(blob);
                }
            }
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// The file's tensor entries (in header order) and metadata, checked against the file as described on
    /// <see cref="SafeTensors"/>; no tensor data is read.
    /// </summary>
    public static (IReadOnlyList<SafeTensorInfo> Tensors, Dictionary<string, string> Metadata) ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.OpenRead(path);
        var (tensors, metadata, _) = ReadHeader(file, Path.GetFileName(path));
        return (tensors, metadata);
    }

    /// <summary>Every tensor in the file, in header order, plus the metadata. The header is checked first.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        EnsureLittleEndian();
        var fileName = Path.GetFileName(path);
        using var file = File.OpenRead(path);
        var (entries, metadata, dataStart) = ReadHeader(file, fileName);
        foreach (var entry in entries)
        {
            if (Dtypes[entry.Dtype].Type is null)
            {
                throw new NotSupportedException($"{fileName}: tensor '{entry.Name}': dtype {entry.Dtype} is not supported by this reader");
            }
            if (entry.DataEnd - entry.DataBegin > Array.MaxLength)
            {
                throw new NotSupportedException($"{fileName}: tensor '{entry.Name}' has {entry.DataEnd - entry.DataBegin} bytes; this reader reads at most {Array.MaxLength} per tensor");
            }
        }
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var entry in entries)
            {
                var t = empty(entry.Shape, Dtypes[entry.Dtype].Type!.Value);
                tensors[entry.Name] = t;
                var bytes = GC.AllocateUninitializedArray<byte>((int)(entry.DataEnd - entry.DataBegin));
                file.Position = dataStart + entry.DataBegin;
                try
                {
                    file.ReadExactly(bytes);
                }
                catch (EndOfStreamException e)
                {
                    throw new InvalidDataException($"{fileName}: tensor '{entry.Name}': the file is truncated (it shrank while being read)", e);
                }
                if (bytes.Length > 0)
                {
                    t.bytes = bytes;
                }
            }
        }
        catch
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
            throw;
        }
        return (tensors, metadata);
    }

    /// <summary>A shape as text, e.g. "[768, 2304]".</summary>
    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    private static (List<SafeTensorInfo> Tensors, Dictionary<string, string> Metadata, long DataStart) ReadHeader(FileStream file, string fileName)
    {
        var fileLength = file.Length;
        if (fileLength < 8)
        {
            throw new InvalidDataException($"{fileName}: {fileLength} bytes is too short for a safetensors file (truncated? it starts with an 8-byte header length)");
        }
        Span<byte> lengthBytes = stackalloc byte[8];
        file.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException($"{fileName}: header length {headerLength} is over the {MaxHeaderLength:N0} bytes a safetensors header may have (not a safetensors file?)");
        }
        if ((long)headerLength > fileLength - 8)
        {
            throw new InvalidDataException($"{fileName}: the file is truncated: its header length is {headerLength} bytes but only {fileLength - 8} follow");
        }
        if (headerLength < 2)
        {
            throw new InvalidDataException($"{fileName}: header length {headerLength} is too small for a JSON object");
        }
        var headerBytes = new byte[headerLength];
        file.ReadExactly(headerBytes);
        if (headerBytes[0] != (byte)'{')
        {
            throw new InvalidDataException($"{fileName}: the header is not a JSON object (it starts with byte 0x{headerBytes[0]:X2}, not '{{')");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{fileName}: the header is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", e);
        }
        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;
        var tensors = new List<SafeTensorInfo>();
        var metadata = new Dictionary<string, string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        using (document)
        {
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw new InvalidDataException($"{fileName}: '{property.Name}' appears twice in the header");
                }
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, fileName);
                    continue;
                }
                tensors.Add(ReadEntry(property.Name, property.Value, dataLength, fileName));
            }
        }
        CheckCoverage(tensors, dataLength, fileName);
        return (tensors, metadata, dataStart);
    }

    private static void ReadMetadata(JsonElement node, Dictionary<string, string> metadata, string fileName)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{fileName}: {MetadataKey} is a JSON {node.ValueKind}, not an object of strings");
        }
        foreach (var pair in node.EnumerateObject())
        {
            if (pair.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{fileName}: {MetadataKey} '{pair.Name}' is a JSON {pair.Value.ValueKind}, not a string");
            }
            if (!metadata.TryAdd(pair.Name, pair.Value.GetString()!))
            {
                throw new InvalidDataException($"{fileName}: {MetadataKey} '{pair.Name}' appears twice");
            }
        }
    }

    private static SafeTensorInfo ReadEntry(string name, JsonElement node, long dataLength, string fileName)
    {
        var at = $"{fileName}: tensor '{name}'";
        if (node.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{at} is a JSON {node.ValueKind}, not an object with dtype, shape and data_offsets");
        }
        if (!node.TryGetProperty("dtype", out var dtypeNode) || dtypeNode.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"{at} has no dtype");
        }
        var dtype = dtypeNode.GetString()!;
        if (!Dtypes.TryGetValue(dtype, out var dtypeInfo))
        {
            throw new InvalidDataException($"{at}: unknown dtype '{dtype}' (known: {string.Join(", ", Dtypes.Keys)})");
        }
        var shape = ReadWholeNumbers(node, "shape", at)
            ?? throw new InvalidDataException($"{at}: shape is missing or not a list of non-negative whole numbers");
        var offsets = ReadWholeNumbers(node, "data_offsets", at);
        if (offsets is not { Length: 2 } || offsets[0] > offsets[1])
        {
            throw new InvalidDataException($"{at}: data_offsets must be [begin, end] with 0 ≤ begin ≤ end, found {Raw(node, "data_offsets")}");
        }
        var (begin, end) = (offsets[0], offsets[1]);
        if (end > dataLength)
        {
            throw new InvalidDataException($"{at}: data_offsets [{begin}, {end}] go past the end of the data ({dataLength} bytes): the file is truncated");
        }
        long bytes;
        try
        {
            bytes = checked(shape.Aggregate(1L, (product, d) => product * d) * dtypeInfo.Size);
        }
        catch (OverflowException)
        {
            bytes = long.MaxValue;
        }
        if (end - begin != bytes)
        {
            var needs = bytes == long.MaxValue ? "more bytes than a file can hold" : $"{bytes} bytes";
            throw new InvalidDataException($"{at}: data_offsets [{begin}, {end}] hold {end - begin} bytes, but {dtype} {Format(shape)} needs {needs}");
        }
        return new SafeTensorInfo(name, dtype, shape, begin, end);
    }

    /// <summary>The named array of non-negative whole numbers, or null when it is missing or holds anything else.</summary>
    private static long[]? ReadWholeNumbers(JsonElement node, string property, string at)
    {
        if (!node.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var values = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var value) || value < 0)
            {
                throw new InvalidDataException($"{at}: {property} must hold non-negative whole numbers, found {Raw(node, property)}");
            }
            values[i++] = value;
        }
        return values;
    }

    private static string Raw(JsonElement node, string property)
    {
        var text = node.TryGetProperty(property, out var value) ? value.GetRawText() : "nothing";
        return text.Length <= 60 ? text : text[..60] + "…";
    }

    /// <summary>The specification's rule: sorted by offset, the tensors tile the data, no overlap, no gap, no tail.</summary>
    private static void CheckCoverage(List<SafeTensorInfo> tensors, long dataLength, string fileName)
    {
        SafeTensorInfo? previous = null;
        long covered = 0;
        foreach (var entry in tensors.OrderBy(t => t.DataBegin).ThenBy(t => t.DataEnd))
        {
            if (entry.DataBegin < covered)
            {
                throw new InvalidDataException(
                    $"{fileName}: tensor '{entry.Name}': data_offsets [{entry.DataBegin}, {entry.DataEnd}] overlap tensor '{previous!.Name}' [{previous.DataBegin}, {previous.DataEnd}]");
            }
            if (entry.DataBegin > covered)
            {
                throw new InvalidDataException(
                    $"{fileName}: data bytes [{covered}, {entry.DataBegin}) belong to no tensor (before tensor '{entry.Name}'); safetensors data has no gaps");
            }
            covered = entry.DataEnd;
            previous = entry;
        }
        if (covered != dataLength)
        {
            throw new InvalidDataException(
                $"{fileName}: the last {dataLength - covered} bytes of data (from offset {covered}) belong to no tensor; safetensors data has no gaps");
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors data is little-endian; this reader assumes a little-endian machine");
        }
    }
}

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
public static class SafeTensors
{
    private static readonly Dictionary<ScalarType, string> DtypeNames = new()
    {
        [ScalarType.Float32] = "F32",
        [ScalarType.Float16] = "F16",
        [ScalarType.BFloat16] = "BF16",
        [ScalarType.Float64] = "F64",
        [ScalarType.Int64] = "I64",
        [ScalarType.Int32] = "I32",
    };

    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        EnsureLittleEndian();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        }
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            if (!DtypeNames.TryGetValue(t.dtype, out var dtype))
            {
                throw new NotSupportedException($"tensor '{name}': dtype {t.dtype} is not supported by this writer");
            }
            if (header.ContainsKey(name))
            {
                throw new ArgumentException($"tensor '{name}' appears twice");
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
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        stream.Write(Enumerable.Repeat((byte)' ', padded - json.Length).ToArray());
        foreach (var blob in blobs)
        {
            stream.Write(blob);
        }
    }

    /// <summary>Every tensor in the file, in header order, plus the metadata.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        EnsureLittleEndian();
        var file = File.ReadAllBytes(path);
        if (file.Length < 8)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: too short to be a safetensors file");
        }
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > (ulong)(file.Length - 8))
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: header length {headerLength} exceeds the file size");
        }
        var header = JsonNode.Parse(file.AsSpan(8, (int)headerLength))?.AsObject()
            ?? throw new InvalidDataException($"{Path.GetFileName(path)}: empty header");
        var dataStart = 8 + (long)headerLength;
        var tensors = new Dictionary<string, Tensor>();
        var metadata = new Dictionary<string, string>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (key, value) in node!.AsObject())
                {
                    metadata[key] = value!.GetValue<string>();
                }
                continue;
            }
            var dtypeName = node!["dtype"]!.GetValue<string>();
            var dtype = DtypeNames.FirstOrDefault(kv => kv.Value == dtypeName).Key;
            if (!DtypeNames.ContainsKey(dtype) || DtypeNames[dtype] != dtypeName)
            {
                throw new NotSupportedException($"tensor '{name}': dtype {dtypeName} is not supported by this reader");
            }
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var t = empty(shape, dtype);
            var expected = t.numel() * t.ElementSize;
            if (offsets[1] - offsets[0] != expected || dataStart + offsets[1] > file.Length)
            {
                t.Dispose();
                throw new InvalidDataException($"tensor '{name}': data_offsets [{offsets[0]}, {offsets[1]}] do not hold {expected} bytes of {dtypeName} {Format(shape)}");
            }
            t.bytes = file.AsSpan((int)(dataStart + offsets[0]), (int)expected);
            tensors[name] = t;
        }
        return (tensors, metadata);
    }

    public static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors data is little-endian; this reader assumes a little-endian machine");
        }
    }
}

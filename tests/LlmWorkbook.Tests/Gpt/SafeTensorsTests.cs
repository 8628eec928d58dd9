using System.Buffers.Binary;
using System.Text;
using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Gpt;

[Collection(TorchGlobalGenerator.Name)]
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("safetensors-test").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Writes_the_documented_layout()
    {
        var path = Path.Combine(directory, "a.safetensors");
        SafeTensors.Write(path, [("x", tensor(new float[] { 1f, -2f }))]);
        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, n).TrimEnd();
        Assert.Equal("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", header);
        Assert.Equal(new byte[] { 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0 }, bytes[(8 + n)..]); // 1.0f and -2.0f, little-endian
    }

    [Fact]
    public void Round_trips_tensors_and_metadata()
    {
        var path = Path.Combine(directory, "b.safetensors");
        manual_seed(1);
        var a = randn(3, 4);
        var b = arange(5, dtype: ScalarType.Int64);
        SafeTensors.Write(path, [("a", a), ("b", b)], new Dictionary<string, string> { ["note"] = "hi" });
        var (tensors, metadata) = SafeTensors.Read(path);
        Assert.True(tensors["a"].equal(a).all().item<bool>());
        Assert.True(tensors["b"].equal(b).all().item<bool>());
        Assert.Equal("hi", metadata["note"]);
    }

    /// <summary>A file named bad.safetensors with the given header (its length as the first 8 bytes) and data.</summary>
    private string WriteRaw(string header, int dataLength) => WriteRaw(Encoding.UTF8.GetBytes(header), new byte[dataLength]);

    private string WriteRaw(byte[] header, byte[] data, ulong? declaredHeaderLength = null)
    {
        var path = Path.Combine(directory, "bad.safetensors");
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, declaredHeaderLength ?? (ulong)header.Length);
        File.WriteAllBytes(path, [.. length, .. header, .. data]);
        return path;
    }

    private static string ReadError(string path) => Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path)).Message;

    [Fact]
    public void Scalars_and_empty_tensors_round_trip()
    {
        var path = Path.Combine(directory, "small.safetensors");
        SafeTensors.Write(path, [("scalar", tensor(2.5f)), ("empty", zeros(0, 3)), ("flags", tensor(new[] { true, false }))]);
        var (tensors, _) = SafeTensors.Read(path);
        Assert.Equal(2.5f, tensors["scalar"].item<float>());
        Assert.Equal(new long[] { 0, 3 }, tensors["empty"].shape);
        Assert.Equal(new[] { true, false }, tensors["flags"].data<bool>().ToArray());
        Assert.Equal(["scalar", "empty", "flags"], SafeTensors.ReadHeader(path).Tensors.Select(t => t.Name));
    }

    [Fact]
    public void Overlapping_offsets_name_both_tensors()
    {
        var path = WriteRaw("""
            {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}
            """, 12);
        Assert.Equal("bad.safetensors: tensor 'b': data_offsets [4, 12] overlap tensor 'a' [0, 8]", ReadError(path));
    }

    [Fact]
    public void Negative_offsets_are_rejected()
    {
        // Without the check, [-8, 0] reads the tensor from the last 8 bytes of the header.
        var path = WriteRaw("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}""", 0);
        Assert.Equal("bad.safetensors: tensor 'a': data_offsets must hold non-negative whole numbers, found [-8,0]", ReadError(path));
    }

    [Fact]
    public void Offsets_must_be_a_begin_and_an_end()
    {
        Assert.Equal(
            "bad.safetensors: tensor 'a': data_offsets must be [begin, end] with 0 ≤ begin ≤ end, found [0]",
            ReadError(WriteRaw("""{"a":{"dtype":"F32","shape":[0],"data_offsets":[0]}}""", 0)));
        Assert.Equal(
            "bad.safetensors: tensor 'a': data_offsets must be [begin, end] with 0 ≤ begin ≤ end, found [8,0]",
            ReadError(WriteRaw("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", 8)));
        Assert.Equal(
            "bad.safetensors: tensor 'a': data_offsets must be [begin, end] with 0 ≤ begin ≤ end, found nothing",
            ReadError(WriteRaw("""{"a":{"dtype":"F32","shape":[2]}}""", 8)));
    }

    [Fact]
    public void A_truncated_file_says_truncated_and_names_the_file()
    {
        var path = Path.Combine(directory, "bad.safetensors");
        SafeTensors.Write(path, [("x", tensor(new float[] { 1f, -2f }))]);
        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..^4]);
        Assert.Equal("bad.safetensors: tensor 'x': data_offsets [0, 8] go past the end of the data (4 bytes): the file is truncated", ReadError(path));

        File.WriteAllBytes(path, whole[..20]);
        Assert.StartsWith("bad.safetensors: the file is truncated: its header length is", ReadError(path));

        File.WriteAllBytes(path, whole[..5]);
        Assert.StartsWith("bad.safetensors: 5 bytes is too short for a safetensors file (truncated?", ReadError(path));
    }

    [Theory]
    [InlineData("[100000000000]", "data_offsets [0, 8] hold 8 bytes, but F32 [100000000000] needs 400000000000 bytes")]
    [InlineData("[4611686018427387904,4]", "data_offsets [0, 8] hold 8 bytes, but F32 [4611686018427387904, 4] needs more bytes than a file can hold")]
    [InlineData("[1e11]", "shape must hold non-negative whole numbers, found [1e11]")]
    [InlineData("[2.5]", "shape must hold non-negative whole numbers, found [2.5]")]
    [InlineData("[-2]", "shape must hold non-negative whole numbers, found [-2]")]
    [InlineData("\"2\"", "shape is missing or not a list of non-negative whole numbers")]
    public void Shapes_are_checked_before_anything_is_allocated(string shape, string problem)
    {
        var path = WriteRaw("""{"a":{"dtype":"F32","shape":""" + shape + ""","data_offsets":[0,8]}}""", 8);
        Assert.Equal("bad.safetensors: tensor 'a': " + problem, ReadError(path));
    }

    [Fact]
    public void The_dtype_must_be_present_and_known()
    {
        Assert.Equal("bad.safetensors: tensor 'a' has no dtype", ReadError(WriteRaw("""{"a":{"shape":[2],"data_offsets":[0,8]}}""", 8)));
        Assert.StartsWith("bad.safetensors: tensor 'a': unknown dtype 'F99' (known: BOOL, U8,",
            ReadError(WriteRaw("""{"a":{"dtype":"F99","shape":[2],"data_offsets":[0,8]}}""", 8)));
    }

    [Fact]
    public void Known_dtypes_without_a_torch_type_are_not_supported()
    {
        var path = WriteRaw("""{"a":{"dtype":"U32","shape":[2],"data_offsets":[0,8]}}""", 8);
        var error = Assert.Throws<NotSupportedException>(() => SafeTensors.Read(path));
        Assert.Equal("bad.safetensors: tensor 'a': dtype U32 is not supported by this reader", error.Message);
        Assert.Equal("U32", SafeTensors.ReadHeader(path).Tensors.Single().Dtype);
    }

    [Theory]
    [InlineData("[1,2]", "bad.safetensors: the header is not a JSON object (it starts with byte 0x5B, not '{')")]
    [InlineData("{\"a\":", "bad.safetensors: the header is not valid JSON (line 1, byte 6)")]
    [InlineData("{\"a\":3}", "bad.safetensors: tensor 'a' is a JSON Number, not an object with dtype, shape and data_offsets")]
    [InlineData("{\"__metadata__\":[]}", "bad.safetensors: __metadata__ is a JSON Array, not an object of strings")]
    [InlineData("{\"__metadata__\":{\"n\":1}}", "bad.safetensors: __metadata__ 'n' is a JSON Number, not a string")]
    [InlineData("{\"a\":{},\"a\":{}}", "bad.safetensors: 'a' appears twice in the header")]
    [InlineData("{", "bad.safetensors: header length 1 is too small for a JSON object")]
    public void A_header_that_is_not_an_object_of_entries_is_rejected(string header, string message)
    {
        Assert.Equal(message, ReadError(WriteRaw(header, 0)));
    }

    [Fact]
    public void A_huge_header_length_is_rejected_before_reading()
    {
        var path = WriteRaw("{}"u8.ToArray(), [], declaredHeaderLength: 1UL << 40);
        Assert.StartsWith("bad.safetensors: header length 1099511627776 is over the 100,000,000 bytes", ReadError(path));
    }

    [Fact]
    public void Data_must_be_covered_without_gaps()
    {
        var gap = WriteRaw("""
            {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}
            """, 12);
        Assert.Equal("bad.safetensors: data bytes [4, 8) belong to no tensor (before tensor 'b'); safetensors data has no gaps", ReadError(gap));

        var tail = WriteRaw("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 12);
        Assert.Equal("bad.safetensors: the last 8 bytes of data (from offset 4) belong to no tensor; safetensors data has no gaps", ReadError(tail));
    }
}

namespace LlmWorkbook.Gpt;

/// <summary>
/// One tensor's entry in a safetensors header, already checked against the file: its bytes are
/// [<see cref="DataBegin"/>, <see cref="DataEnd"/>) of the data that follows the header, exactly as many as
/// <see cref="Dtype"/> and <see cref="Shape"/> need.
/// </summary>
/// <param name="Name">The tensor's name, e.g. "h.0.attn.c_attn.weight".</param>
/// <param name="Dtype">The safetensors dtype name, e.g. "F32".</param>
/// <param name="Shape">The tensor's shape (empty for a scalar).</param>
/// <param name="DataBegin">Offset of the first byte, from the start of the data.</param>
/// <param name="DataEnd">Offset one past the last byte, from the start of the data.</param>
public sealed record SafeTensorInfo(string Name, string Dtype, long[] Shape, long DataBegin, long DataEnd);

namespace LlmWorkbook.FineTuning;

/// <summary>A run of consecutive tokens that are all trained or all not, decoded to text (see <see cref="SftEncoder.Segments"/>).</summary>
/// <param name="Text">The tokens decoded, special tokens written out (e.g. "&lt;|im_end|&gt;").</param>
/// <param name="Trained">Whether the loss counts these tokens.</param>
/// <param name="TokenCount">How many tokens the run holds.</param>
public sealed record MaskedSegment(string Text, bool Trained, int TokenCount);

namespace LlmWorkbook.Tokenization;

/// <summary>One merge learned by <see cref="BpeTrainer"/>: the adjacent tokens Left and Right become token Id.</summary>
public sealed record BpeMerge(int Left, int Right, int Id);

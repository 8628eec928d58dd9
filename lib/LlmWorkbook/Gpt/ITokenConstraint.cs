namespace LlmWorkbook.Gpt;

/// <summary>
/// Restricts which tokens generation may pick, step by step: before each pick the generator asks for the allowed
/// tokens and gives every other token a logit of −∞, so neither greedy decoding nor sampling can choose it; after the
/// pick it reports the token. Grammar-constrained decoding (a reply that must be JSON for a schema) is one.
/// </summary>
public interface ITokenConstraint
{
    /// <summary>Writes, for every token id, whether it may come next.</summary>
    /// <param name="allowed">One entry per id of the model's vocabulary; every entry is written.</param>
    void Mask(Span<bool> allowed);

    /// <summary>Moves past the token that was picked, one the last <see cref="Mask"/> allowed.</summary>
    void Accept(int token);
}

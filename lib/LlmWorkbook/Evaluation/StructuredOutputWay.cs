namespace LlmWorkbook.Evaluation;

/// <summary>How <see cref="FactExtraction.RunAsync"/> gets JSON from a model.</summary>
public enum StructuredOutputWay
{
    /// <summary>One request through the prompt alone; the reply is verified, not corrected.</summary>
    Plain,

    /// <summary>Verification and retry: each error is fed back and the model asked again.</summary>
    Retry,

    /// <summary>One request with the JSON schema as the response format (grammar-constrained decoding).</summary>
    Constrained,
}

namespace LlmWorkbook.FineTuning;

/// <summary>
/// How many examples of each task <see cref="InstructionGenerator"/> makes, from passages of how many words, with
/// which seed. Question-answering contexts are <see cref="MinContextWords"/>–<see cref="MaxContextWords"/> words; the
/// passages to classify or extract from are <see cref="MinPassageWords"/>–<see cref="MaxPassageWords"/>. No example is
/// longer than <see cref="MaxTokens"/> tokens of the course model in its chat format, which leaves room in its
/// 512-token context.
/// </summary>
public sealed record InstructionGeneratorConfig(
    int Seed,
    int Qa,
    int Unanswerable,
    int Classify,
    int Extract,
    int Tool = 0,
    int MinContextWords = 60,
    int MaxContextWords = 150,
    int MinPassageWords = 40,
    int MaxPassageWords = 120,
    int MaxTokens = 448)
{
    /// <summary>
    /// The setting of data/instructions/generated.jsonl: 21,000 examples, 37% qa, 20% unanswerable, 17% classify, 17%
    /// extract, 10% tool. The training addresses give about 7,800 good questions; more would need weaker ones.
    /// </summary>
    public static InstructionGeneratorConfig Default { get; } = new(Seed: 2024, Qa: 7_700, Unanswerable: 4_300, Classify: 3_500, Extract: 3_500, Tool: 2_000);

    /// <summary>The examples asked for, over all tasks.</summary>
    public int Total => Qa + Unanswerable + Classify + Extract + Tool;
}

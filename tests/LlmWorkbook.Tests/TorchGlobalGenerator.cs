namespace LlmWorkbook.Tests;

/// <summary>
/// The test classes that seed or draw from TorchSharp's global random generator (manual_seed, randn, a GptModel's or
/// SkipGramTrainer's seed). xUnit runs test classes in parallel; classes in this collection run one at a time, so a
/// seed one test sets is not consumed by another test's draws in between.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchGlobalGenerator
{
    public const string Name = "TorchSharp's global random generator";
}

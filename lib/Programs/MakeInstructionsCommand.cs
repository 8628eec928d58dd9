using System.Diagnostics;
using LlmWorkbook.FineTuning;

namespace LlmWorkbook.Programs;

/// <summary>
/// Regenerates the committed instruction data:
///   ./workbook make-instructions [--out FILE]
/// runs <see cref="InstructionGenerator"/> with <see cref="InstructionGeneratorConfig.Default"/> over the training
/// addresses and writes data/instructions/generated.jsonl (or FILE), then prints the count of each task.
/// </summary>
internal static class MakeInstructionsCommand
{
    public static int Run(string[] args)
    {
        var output = Path.Combine(WorkbookPaths.Root, "data", InstructionData.GeneratedPath);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length: output = Path.GetFullPath(args[++i]); break;
                default: Console.Error.WriteLine($"make-instructions: unknown or incomplete argument '{args[i]}'"); return 2;
            }
        }
        var watch = Stopwatch.StartNew();
        var config = InstructionGeneratorConfig.Default;
        var examples = InstructionGenerator.Generate(config);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        InstructionData.Write(output, examples);
        Console.WriteLine($"{examples.Count:N0} examples ({new FileInfo(output).Length / 1e6:F1} MB) in {watch.Elapsed.TotalSeconds:F1} s, seed {config.Seed}:");
        foreach (var group in examples.GroupBy(e => e.Task))
        {
            Console.WriteLine($"  {group.Key,-13}{group.Count(),7:N0}  {100.0 * group.Count() / examples.Count,5:F1}%");
        }
        return 0;
    }
}

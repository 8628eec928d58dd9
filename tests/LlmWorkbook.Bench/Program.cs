using System.Globalization;
using System.Text.Json;
using LlmWorkbook;
using LlmWorkbook.Bench;

// Benchmarks call TorchSharp before any library type.
TorchRuntime.EnsureLoaded();

var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

var wanted = args.Where(a => !a.StartsWith('-')).ToList();
var unknown = wanted.Where(w => benchmarks.All(b => b.Name != w)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"bench: unknown benchmark '{string.Join("', '", unknown)}'; known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}

var outputDir = Path.Combine(WorkbookPaths.Root, "artifacts", "bench");
Directory.CreateDirectory(outputDir);
var allGoalsMet = true;
foreach (var benchmark in benchmarks.Where(b => wanted.Count == 0 || wanted.Contains(b.Name)))
{
    Console.WriteLine($"== bench {benchmark.Name}");
    var metrics = await benchmark.RunAsync(CancellationToken.None);
    Console.WriteLine($"{"metric",-32} {"value",14}  goal");
    foreach (var (name, value) in metrics)
    {
        var verdict = "";
        if (benchmark.Goals.TryGetValue(name, out var goal))
        {
            var met = goal.IsMet(value);
            allGoalsMet &= met;
            verdict = $"{goal}  {(met ? "met" : "MISSED")}";
        }
        Console.WriteLine($"{name,-32} {value.ToString("0.####", CultureInfo.InvariantCulture),14}  {verdict}");
    }
    var path = Path.Combine(outputDir, benchmark.Name + ".json");
    var json = JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true });
    var temporary = path + ".tmp";
    await File.WriteAllTextAsync(temporary, json + "\n");
    File.Move(temporary, path, overwrite: true);
    Console.WriteLine($"wrote artifacts/bench/{benchmark.Name}.json");
}
return allGoalsMet ? 0 : 1;

using System.Globalization;
using LlmWorkbook.Agents;
using LlmWorkbook.Chat;
using LlmWorkbook.Evaluation;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.FineTuning;

public sealed class InstructionGeneratorTests
{
    private static readonly Lazy<ChatTemplate> Template = new(InstructionGenerator.CourseTemplate);

    // One full run, shared: it takes several seconds.
    private static readonly Lazy<IReadOnlyList<InstructionGenerator.Generated>> Regenerated = new(() =>
    {
        var split = CourseCorpus.Pretraining();
        var evidence = EvalSet.Dev().Concat(EvalSet.Test()).Where(q => q.Evidence is not null).Select(q => q.Evidence!);
        return InstructionGenerator.GenerateWithAnswers(split.Train, split.Validation.Concat(split.Unseen), evidence, Template.Value, InstructionGeneratorConfig.Default);
    });

    [Fact]
    public void The_committed_file_is_what_the_generator_writes_now()
    {
        var committed = File.ReadAllLines(WorkbookPaths.CommittedData(InstructionData.GeneratedPath));
        var regenerated = Regenerated.Value.Select(g => InstructionData.ToJsonLine(g.Example)).ToList();
        Assert.Equal(regenerated.Count, committed.Length);
        for (var i = 0; i < committed.Length; i++)
        {
            Assert.True(regenerated[i] == committed[i], $"line {i + 1} differs: run ./workbook make-instructions and commit data/instructions/generated.jsonl");
        }
    }

    [Fact]
    public void The_same_configuration_gives_the_same_examples_and_another_seed_others()
    {
        var split = CourseCorpus.Pretraining();
        var train = split.Train.Skip(60).Take(15).ToList();
        var config = new InstructionGeneratorConfig(Seed: 7, Qa: 120, Unanswerable: 40, Classify: 30, Extract: 30);
        string Run(InstructionGeneratorConfig c) => string.Join('\n', InstructionGenerator.Generate(train, split.Validation, ["quoted evidence"], Template.Value, c).Select(InstructionData.ToJsonLine));

        var first = Run(config);
        Assert.Equal(first, Run(config));
        Assert.NotEqual(first, Run(config with { Seed = 8 }));
        Assert.Equal(220, first.Split('\n').Length);
    }

    [Fact]
    public void It_makes_the_configured_mix_within_the_size_budget()
    {
        var config = InstructionGeneratorConfig.Default;
        var counts = Regenerated.Value.GroupBy(g => g.Example.Task).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(config.Qa, counts[InstructionTasks.Qa]);
        Assert.Equal(config.Unanswerable, counts[InstructionTasks.Unanswerable]);
        Assert.Equal(config.Classify, counts[InstructionTasks.Classify]);
        Assert.Equal(config.Extract, counts[InstructionTasks.Extract]);
        Assert.Equal(config.Tool, counts[InstructionTasks.Tool]);
        Assert.Equal(config.Total, Regenerated.Value.Select(g => g.Example.Id).Distinct().Count());
        Assert.InRange(new FileInfo(WorkbookPaths.CommittedData(InstructionData.GeneratedPath)).Length, 1_000_000, 25_000_000);
    }

    [Fact]
    public void An_unanswerable_context_never_holds_the_answer_its_question_asks_for()
    {
        var unanswerable = Regenerated.Value.Where(g => g.Example.Task == InstructionTasks.Unanswerable).ToList();
        Assert.NotEmpty(unanswerable);
        Assert.All(unanswerable, g =>
        {
            Assert.False(string.IsNullOrEmpty(g.WithheldAnswer));
            Assert.DoesNotContain(g.WithheldAnswer!, g.Example.ContentOf("user")!.Split("\n\nQuestion: ")[0], StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void The_kind_of_question_does_not_tell_whether_the_context_answers_it()
    {
        static double Share(IEnumerable<InstructionExample> examples, string phrase)
        {
            var questions = examples.Select(e => e.ContentOf("user")!.Split("\n\nQuestion: ")[1]).ToList();
            return questions.Count(q => q.Contains(phrase, StringComparison.Ordinal)) / (double)questions.Count;
        }
        var examples = Regenerated.Value.Select(g => g.Example).ToList();
        var qa = examples.Where(e => e.Task == InstructionTasks.Qa).ToList();
        var unanswerable = examples.Where(e => e.Task == InstructionTasks.Unanswerable).ToList();
        foreach (var phrase in new[] { "how much", "how many", "what year", "what date", "what percentage", "what country", " who" })
        {
            Assert.True(Share(qa, phrase) > 0.01, $"'{phrase}' is rare");
            Assert.InRange(Share(unanswerable, phrase) - Share(qa, phrase), -0.05, 0.05);
        }
    }

    [Fact]
    public void Tool_examples_call_the_course_tools_with_their_arguments_and_answer_from_the_results()
    {
        var tools = CourseTools.All.ToDictionary(t => t.Name);
        var addresses = CourseCorpus.LoadAllAddresses();
        var examples = Regenerated.Value.Select(g => g.Example).Where(e => e.Task == InstructionTasks.Tool).ToList();
        var called = new HashSet<string>();
        var direct = 0;
        foreach (var example in examples)
        {
            var messages = example.Messages;
            Assert.Equal(ToolExamples.SystemMessage, messages[0].Content);
            Assert.Equal("user", messages[1].Role);
            Assert.Equal("assistant", messages[^1].Role);
            Assert.False(ToolCallFormat.Parse(messages[^1].Content).IsToolCalls, $"{example.Id}: the last reply is a call");
            direct += messages.Count == 3 ? 1 : 0;
            // Between the question and the reply: calls, each followed by its result.
            for (var i = 2; i < messages.Count - 1; i += 2)
            {
                Assert.Equal(("assistant", "tool"), (messages[i].Role, messages[i + 1].Role));
                var call = Assert.Single(ToolCallFormat.Parse(messages[i].Content).Calls);
                Assert.True(tools.TryGetValue(call.Name, out var tool), $"{example.Id}: unknown tool {call.Name}");
                var required = tool.JsonSchema.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()!).ToList() : [];
                Assert.All(required, name => Assert.True(call.Arguments.ContainsKey(name), $"{example.Id}: {call.Name} without {name}"));
                called.Add(call.Name);
                var result = messages[i + 1].Content;
                switch (call.Name)
                {
                    case "calculator":
                        Assert.Equal(Evaluate(call.Arguments["expression"].GetString()!), decimal.Parse(result, CultureInfo.InvariantCulture));
                        break;
                    case "get_address":
                        var year = call.Arguments["year"].GetInt32();
                        var address = Assert.Single(addresses, a => a.Year == year);
                        Assert.Equal(ToolCallFormat.FormatResult(CourseTools.Describe(address)), result);
                        break;
                }
            }
        }
        Assert.Equal(["calculator", "clock", "get_address", "search_addresses"], called.Order());
        Assert.InRange(direct / (double)examples.Count, 0.1, 0.2);
    }

    // The calculator examples' expressions: a+b, a-b, a*b, a/b, a*b/100.
    private static decimal Evaluate(string expression)
    {
        var match = System.Text.RegularExpressions.Regex.Match(expression, @"^(\d+)([-+*/])(\d+)(?:/(100))?$");
        Assert.True(match.Success, $"unexpected expression {expression}");
        var (a, b) = (decimal.Parse(match.Groups[1].Value), decimal.Parse(match.Groups[3].Value));
        var value = match.Groups[2].Value switch { "+" => a + b, "-" => a - b, "*" => a * b, _ => a / b };
        return match.Groups[4].Success ? value / 100 : value;
    }

    [Fact]
    public void No_sentence_that_overlaps_the_evidence_is_quoted()
    {
        var split = CourseCorpus.Pretraining();
        var address = split.Train[40];
        var sentences = SentenceSplitter.Split(address.Text);
        // Evidence that covers the end of one sentence and the start of the next excludes both.
        var evidence = address.Text[(sentences[10].End - 20)..(sentences[11].Start + 15)];
        var examples = InstructionGenerator.Generate([address], [], [evidence], Template.Value, new InstructionGeneratorConfig(1, 200, 0, 50, 50));
        var text = string.Join('\n', examples.SelectMany(e => e.Messages.Select(m => m.Content)));
        Assert.NotEmpty(examples);
        Assert.DoesNotContain(sentences[10].Text, text);
        Assert.DoesNotContain(sentences[11].Text, text);
    }
}

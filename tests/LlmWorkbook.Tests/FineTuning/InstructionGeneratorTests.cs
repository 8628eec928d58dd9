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

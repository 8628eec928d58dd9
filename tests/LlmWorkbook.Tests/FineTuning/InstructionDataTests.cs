using System.Text.Json;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.FineTuning;

public sealed class InstructionDataTests
{
    private static readonly Lazy<IReadOnlyList<InstructionExample>> Generated = new(InstructionData.Generated);
    private static readonly Lazy<IReadOnlyList<InstructionExample>> Handwritten = new(InstructionData.Handwritten);

    private static IEnumerable<InstructionExample> All => Generated.Value.Concat(Handwritten.Value);

    [Fact]
    public void Every_example_has_its_task_s_system_prompt_a_user_message_and_a_reply()
    {
        Assert.All(All, e =>
        {
            Assert.Equal(InstructionData.SystemPrompt(e.Task), e.ContentOf("system"));
            // A tool example has a call and its result (assistant, tool) before the reply, once or twice.
            var roles = string.Join(" ", e.Messages.Select(m => m.Role));
            Assert.Matches(e.Task == InstructionTasks.Tool ? "^system user (assistant tool ){0,2}assistant$" : "^system user assistant$", roles);
        });
        Assert.Equal(InstructionData.SystemPrompt(InstructionTasks.Qa), InstructionData.SystemPrompt(InstructionTasks.Unanswerable));
    }

    [Fact]
    public void No_example_quotes_eval_evidence_or_a_sentence_of_a_validation_or_unseen_address()
    {
        var heldOut = HeldOutText.Instance.Value;
        Assert.True(heldOut.EvidenceCount >= 280);
        Assert.All(All, e => Assert.Null(heldOut.FindIn(string.Join("\n", e.Messages.Select(m => m.Content)))));
    }

    [Fact]
    public void Qa_answers_are_copied_from_their_context_and_unanswerable_replies_are_the_fixed_string()
    {
        foreach (var e in All.Where(e => e.Task == InstructionTasks.Qa))
        {
            var (context, question) = ContextAndQuestion(e);
            var occurrences = context.Split(e.Reply).Length - 1;
            Assert.True(e.Id.StartsWith("gen-", StringComparison.Ordinal) ? occurrences == 1 : occurrences >= 1,
                $"{e.Id}: '{e.Reply}' occurs {occurrences} times in its context");
            Assert.EndsWith("?", question);
        }
        Assert.All(All.Where(e => e.Task == InstructionTasks.Unanswerable), e =>
        {
            Assert.Equal(InstructionData.NotInContext, e.Reply);
            Assert.EndsWith("?", ContextAndQuestion(e).Question);
        });
        Assert.DoesNotContain(All, e => e.Task != InstructionTasks.Unanswerable && e.Reply == InstructionData.NotInContext);
    }

    [Fact]
    public void Classification_replies_are_labels_of_the_list()
    {
        var classified = All.Where(e => e.Task == InstructionTasks.Classify).ToList();
        Assert.All(classified, e => Assert.Contains(e.Reply, TopicLexicon.Labels));
        Assert.True(classified.Select(e => e.Reply).Distinct().Count() >= TopicLexicon.Labels.Count - 1);
    }

    [Fact]
    public void Extraction_replies_are_json_with_the_stated_keys_in_order_and_values_from_the_passage()
    {
        foreach (var e in All.Where(e => e.Task == InstructionTasks.Extract))
        {
            var user = e.ContentOf("user")!;
            var keys = user[(user.IndexOf("Keys: ", StringComparison.Ordinal) + 6)..user.IndexOf('\n')].Split("; ").Select(k => k[..k.IndexOf(' ')]).ToList();
            var passage = user[(user.IndexOf(":\n", StringComparison.Ordinal) + 2)..];
            using var json = JsonDocument.Parse(e.Reply);
            Assert.Equal(keys, json.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.DoesNotContain('\n', e.Reply);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                var kind = property.Name switch
                {
                    "year" => JsonValueKind.Number,
                    "president" => JsonValueKind.String,
                    _ => JsonValueKind.Array,
                };
                Assert.Equal(kind, property.Value.ValueKind);
                if (kind == JsonValueKind.Array)
                {
                    Assert.All(property.Value.EnumerateArray(), v => Assert.Contains(v.ToString(), passage));
                }
                else
                {
                    Assert.Contains(property.Value.ToString(), user[..user.IndexOf(":\n", StringComparison.Ordinal)]);
                }
            }
        }
    }

    [Fact]
    public void Every_example_fits_the_course_model_s_context_with_room_to_spare()
    {
        var template = InstructionGenerator.CourseTemplate();
        var limit = InstructionGeneratorConfig.Default.MaxTokens;
        Assert.True(limit <= CourseGpt.Config(CourseGpt.VocabSize).ContextLength - 64);
        Assert.All(All, e => Assert.InRange(template.CountTokens(e.ToChatMessages(), addReplyPrompt: false), 1, limit));
    }

    [Fact]
    public void Handwritten_examples_are_many_mixed_and_quote_only_training_addresses()
    {
        var examples = Handwritten.Value;
        Assert.True(examples.Count >= 60, $"{examples.Count} handwritten examples");
        string[] tasks = [InstructionTasks.Qa, InstructionTasks.Unanswerable, InstructionTasks.Classify, InstructionTasks.Extract, InstructionTasks.Chat];
        Assert.Equal(tasks.Order(StringComparer.Ordinal), examples.Select(e => e.Task).Distinct().Order(StringComparer.Ordinal));
        Assert.All(examples, e => Assert.StartsWith("hand-", e.Id));
        var training = CourseCorpus.Pretraining().Train.Select(a => SourceText.Normalize(a.Text)).ToList();
        foreach (var e in examples.Where(e => e.Task != InstructionTasks.Chat))
        {
            var user = e.ContentOf("user")!;
            var passage = e.Task is InstructionTasks.Qa or InstructionTasks.Unanswerable ? ContextAndQuestion(e).Context
                : user[(user.IndexOf(":\n", StringComparison.Ordinal) + 2)..].Split("\n\n")[0];
            Assert.All(SentenceSplitter.Split(passage), s =>
                Assert.True(training.Any(t => t.Contains(SourceText.Normalize(s.Text), StringComparison.Ordinal)), $"{e.Id}: not from a training address: {s.Text}"));
        }
    }

    [Fact]
    public void Written_examples_read_back_the_same_and_convert_to_chat_messages()
    {
        var path = Path.Combine(Path.GetTempPath(), $"instructions-{Guid.NewGuid():N}.jsonl");
        try
        {
            var examples = Handwritten.Value.Take(5).ToList();
            InstructionData.Write(path, examples);
            Assert.Equal(examples.Select(InstructionData.ToJsonLine), InstructionData.Load(path).Select(InstructionData.ToJsonLine));
            Assert.Equal(File.ReadAllLines(path), examples.Select(InstructionData.ToJsonLine));
        }
        finally
        {
            File.Delete(path);
        }
        var chat = InstructionData.Example("x", InstructionTasks.Qa, "Context:\nA.\n\nQuestion: B?", "A").ToChatMessages();
        Assert.Equal(["system", "user", "assistant"], chat.Select(m => m.Role.Value));
        Assert.Equal("A", chat[2].Text);
    }

    [Fact]
    public void A_malformed_line_names_the_file_and_line()
    {
        var good = InstructionData.ToJsonLine(InstructionData.Example("x1", InstructionTasks.Classify, "Passage:\nA.\n\nWhat is the topic of this passage?", "labor"));
        var path = Path.Combine(Path.GetTempPath(), $"instructions-{Guid.NewGuid():N}.jsonl");
        try
        {
            foreach (var (bad, problem) in new[]
            {
                ("{not json", "line 2"),
                (good.Replace("\"classify\"", "\"poem\""), "the task 'poem'"),
                (good.Replace("\"assistant\"", "\"robot\""), "message 3 needs a role"),
                (good.Replace(",\"content\":\"labor\"", ",\"content\":\"\""), "message 3 needs a role"),
                (good.Replace("\"role\":\"assistant\"", "\"role\":\"user\""), "must end with the assistant's reply"),
                (good, "the id 'x1' is used by an earlier line"),
            })
            {
                File.WriteAllLines(path, [good, bad]);
                var error = Assert.Throws<InvalidDataException>(() => InstructionData.Load(path));
                Assert.StartsWith($"{Path.GetFileName(path)}, line 2", error.Message);
                Assert.Contains(problem, error.Message);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (string Context, string Question) ContextAndQuestion(InstructionExample e)
    {
        var user = e.ContentOf("user")!;
        Assert.StartsWith("Context:\n", user);
        var split = user.LastIndexOf("\n\nQuestion: ", StringComparison.Ordinal);
        return (user["Context:\n".Length..split], user[(split + "\n\nQuestion: ".Length)..]);
    }
}

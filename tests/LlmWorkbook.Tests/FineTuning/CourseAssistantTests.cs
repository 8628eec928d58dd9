using LlmWorkbook.Chat;
using LlmWorkbook.Evaluation;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Gpt;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.FineTuning;

public sealed class CourseAssistantTests
{
    [Fact]
    public void The_ci_setting_is_the_full_setting_cut_short()
    {
        var (full, ci) = (CourseAssistant.FullTraining, CourseAssistant.CiTraining);

        Assert.Equal(full with { Steps = ci.Steps, BatchSize = ci.BatchSize, WarmupSteps = ci.WarmupSteps, EvalInterval = ci.EvalInterval, EvalBatches = ci.EvalBatches }, ci);
        Assert.True(ci.Steps < full.Steps && ci.WarmupSteps < ci.Steps && full.WarmupSteps < full.Steps);
        Assert.Equal(0, full.Steps % full.EvalInterval);
        Assert.Equal(0, ci.Steps % ci.EvalInterval);
        Assert.StartsWith("assistant/", CourseAssistant.CheckpointPath);
    }

    // The shipped checkpoint's behaviour, pinned: retraining with ./workbook train assistant changes these on purpose.
    [Fact]
    public async Task The_shipped_assistant_is_the_kept_step_abstains_and_writes_the_extraction_schema()
    {
        var path = WorkbookPaths.CommittedData(CourseAssistant.CheckpointPath);
        Assert.InRange(new FileInfo(path).Length, 1_000_000, 30_000_000);
        var (_, metadata) = SafeTensors.ReadHeader(path);
        Assert.Equal("1150", metadata["step"]);
        Assert.Equal(CourseGpt.CheckpointPath, metadata["base_model"]);

        using var client = CourseChatClient.Load(path, WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        var item = QaContexts.For(EvalSet.Dev()).First(i => i.Question.Answerable);
        var answer = await client.GetResponseAsync(QaEvaluation.InstructionPrompt(item), new ChatOptions { Temperature = 0, MaxOutputTokens = 48 });
        Assert.Equal(InstructionData.NotInContext, answer.Text);

        var facts = await client.GetResponseAsync<PassageFacts>(FactExtraction.Prompt(item), new ChatOptions { Temperature = 0.5f, MaxOutputTokens = 96, Seed = 1337 });
        Assert.Equal("""{"year":1895,"president":"Andrew Jackson","amounts":[],"countries":["Spain"]}""", facts.Text);
        Assert.True(facts.TryGetResult(out var parsed) && parsed is { Year: 1895, Countries: ["Spain"] });
    }
}

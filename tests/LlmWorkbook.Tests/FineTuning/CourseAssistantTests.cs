using LlmWorkbook.FineTuning;

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
}

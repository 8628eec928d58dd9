using LlmWorkbook.Gpt;
using LlmWorkbook.Rag;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Rag;

public sealed class CourseRetrieverTests
{
    [Fact]
    public async Task The_shipped_weights_rank_the_passage_a_question_asks_about_first()
    {
        using var model = CourseRetriever.Load();
        Assert.Equal(CourseRetriever.Model, model.Config);
        using var generator = new RetrieverEmbeddingGenerator(model, CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath)));
        // Lincoln's 1862 address, a training address: its closing passage ("Fellow-citizens, we can not escape history").
        var address = CourseCorpus.Pretraining().Train.Single(a => a.Year == 1862);
        var chunks = Chunker.BySentences(address, CourseRetriever.ChunkWords, CourseRetriever.OverlapSentences);
        var passages = await generator.GenerateAsync(chunks.Select(c => c.Text));
        var question = await generator.GenerateVectorAsync("According to Lincoln's 1862 address, what can we not escape?");

        var q = question.ToArray();
        var scores = passages.Select(p => p.Vector.ToArray().Zip(q, (a, b) => a * b).Sum()).ToList();
        var best = chunks[scores.IndexOf(scores.Max())];
        Assert.Contains("we can not escape history", best.Text);
    }

    [Fact]
    public void The_ci_setting_is_the_full_one_made_smaller()
    {
        var (full, ci) = (CourseRetriever.FullTraining, CourseRetriever.CiTraining);
        Assert.Equal(full.Model, ci.Model);
        Assert.Equal(full.FromCourseGpt, ci.FromCourseGpt);
        Assert.Equal(full.Pairs with { AddressStride = 1 }, ci.Pairs with { AddressStride = 1 });
        Assert.True(ci.Training.Steps * ci.Training.BatchSize < full.Training.Steps * full.Training.BatchSize / 20);
    }
}

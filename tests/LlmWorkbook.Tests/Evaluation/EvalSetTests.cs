using LlmWorkbook.Evaluation;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Evaluation;

public sealed class EvalSetTests
{
    private static readonly IReadOnlyList<EvalQuestion> Dev = EvalSet.Dev();
    private static readonly IReadOnlyList<EvalQuestion> Test = EvalSet.Test();

    [Fact]
    public void Every_answer_is_quoted_in_its_evidence_and_the_evidence_in_its_address()
    {
        var addresses = CourseCorpus.LoadAllAddresses().ToDictionary(a => (a.Year, a.President), a => a.Text);
        foreach (var q in Dev.Concat(Test).Where(q => q.Answerable))
        {
            Assert.True(addresses.TryGetValue((q.Year, q.President), out var text), $"{q.Id}: no address of {q.Year} by {q.President}");
            Assert.True(text.Contains(q.Evidence!, StringComparison.Ordinal), $"{q.Id}: the evidence is not quoted exactly from the {q.Year} address");
            Assert.True(q.Evidence!.Contains(q.Answer, StringComparison.Ordinal), $"{q.Id}: the answer '{q.Answer}' is not in its evidence");
            Assert.Contains(q.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), q.Question);
        }
    }

    [Fact]
    public void Unanswerable_questions_depend_on_terms_no_address_contains()
    {
        var corpus = string.Join('\n', CourseCorpus.LoadAllAddresses().Select(a => a.Text));
        var unanswerable = Dev.Concat(Test).Where(q => !q.Answerable).ToList();
        Assert.All(unanswerable, q =>
        {
            Assert.Equal(EvalSet.NotInCorpus, q.Answer);
            Assert.NotEmpty(q.AbsentTerms ?? []);
            Assert.All(q.AbsentTerms!, term => Assert.False(corpus.Contains(term, StringComparison.OrdinalIgnoreCase), $"{q.Id}: '{term}' occurs in the corpus"));
        });
    }

    [Fact]
    public void The_splits_are_disjoint_and_large_enough_with_every_category_and_both_eras()
    {
        Assert.Empty(Dev.Select(q => q.Id).Intersect(Test.Select(q => q.Id)));
        Assert.Empty(Dev.Select(q => q.Question).Intersect(Test.Select(q => q.Question)));
        var all = Dev.Concat(Test).ToList();
        Assert.Equal(all.Count, all.Select(q => q.Id).Distinct().Count());
        Assert.True(all.Count >= 300, $"{all.Count} questions");
        Assert.True(all.Count(q => !q.Answerable) >= 0.15 * all.Count);
        foreach (var split in new[] { Dev, Test })
        {
            Assert.Equal(EvalSet.Categories.Order(), split.Select(q => q.Category).Distinct().Order());
            Assert.Contains(split, q => q.Answerable && q.Year > CourseCorpus.LastPretrainingYear);
            Assert.Contains(split, q => q.Answerable && q.Year <= CourseCorpus.LastPretrainingYear);
            Assert.Contains(split, q => !q.Answerable);
        }
    }

    [Fact]
    public void A_malformed_line_names_the_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eval-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllLines(path,
            [
                """{"id": "x1", "question": "Q 1900?", "answer": "a", "year": 1900, "president": "P", "evidence": "a b", "category": "fact"}""",
                """{"id": "x2", "question": "Q 1900?", "answer": "a", "year": 1900, "president": "P", "evidence": null, "category": "fact"}""",
            ]);
            var error = Assert.Throws<InvalidDataException>(() => EvalSet.Load(path));
            Assert.Contains($"{Path.GetFileName(path)}, line 2", error.Message);

            File.WriteAllText(path, "{not json\n");
            Assert.Contains("line 1", Assert.Throws<InvalidDataException>(() => EvalSet.Load(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using LlmWorkbook.FineTuning;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.FineTuning;

public sealed class QuestionWriterTests
{
    private static readonly Lazy<QuestionWriter> Writer = new(() =>
        new QuestionWriter(new WordCase(CourseCorpus.Pretraining().Train.SelectMany(a => SentenceSplitter.Split(a.Text)).Select(s => s.Text))));

    [Theory]
    [InlineData("In 1834, the Congress passed the act for the relief of the sufferers.", "year",
        "According to the passage, the Congress passed the act for the relief of the sufferers in what year?", "1834")]
    [InlineData("The receipts into the Treasury during the year amounted to $32,000,000, and the expenditures to $25,000,000.", "amount",
        "According to the passage, the receipts into the Treasury during the year amounted to how much?", "$32,000,000")]
    [InlineData("I recommend the establishment of a mint at the seat of Government.", "thing",
        "According to the passage, the President recommends what at the seat of Government?", "the establishment of a mint")]
    [InlineData("General Iglesias was recognized by Chile as President of Peru.", "person",
        "According to the passage, who was recognized by Chile as President of Peru?", "General Iglesias")]
    [InlineData("Our consul reports that about 25 armed vessels were captured off the coast.", "count",
        "According to the passage, our consul reports that how many armed vessels were captured off the coast?", "about 25")]
    [InlineData("Moreover, the commissioners met at Geneva on the 15th of June last.", "date",
        "According to the passage, the commissioners met at Geneva on what date?", "the 15th of June last")]
    public void A_sentence_gives_a_question_whose_answer_is_a_span_of_it(string sentence, string kind, string question, string answer)
    {
        var questions = Writer.Value.Questions(sentence);
        Assert.Contains(new ExtractiveQuestion(question, answer, kind), questions);
        Assert.All(questions, q =>
        {
            Assert.Contains(q.Answer, sentence);
            Assert.StartsWith("According to the passage, ", q.Question);
            Assert.EndsWith("?", q.Question);
        });
    }

    [Theory]
    [InlineData("What is to be done about the revenue of $5,000,000?")]
    [InlineData("FOREIGN DEBTS About $12,000,000,000 is due to our Government from abroad.")]
    [InlineData("He said: \"We paid $5,000,000 for it in 1803.\"")]
    [InlineData("I zorble $5,000,000 from the Treasury in 1803 for the army.")]
    public void A_sentence_it_cannot_rephrase_safely_gives_none(string sentence)
        => Assert.Empty(Writer.Value.Questions(sentence));

    [Fact]
    public void First_person_becomes_the_President_and_the_Congress()
    {
        Assert.Equal("the President has the honor to transmit the President's report to the Congress",
            QuestionWriter.FirstPersonToThirdPerson("I have the honor to transmit my report to you"));
        Assert.Equal("the President earnestly urges and the President went", QuestionWriter.FirstPersonToThirdPerson("I earnestly urge and I went"));
        Assert.Null(QuestionWriter.FirstPersonToThirdPerson("I zorble"));
        Assert.Null(QuestionWriter.FirstPersonToThirdPerson("I myself went"));
    }
}

using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Tests.Protocol;

/// <summary>The wire protocol: every message survives one JSON line, and anything else is not a message.</summary>
public sealed class KernelMessageTests
{
    public static TheoryData<KernelMessage> Messages() => new()
    {
        new ExecuteCell(3, "var x = 1;\nx"),
        new KernelReady(),
        new KernelFailed("no Roslyn"),
        new OutputProduced(2, new StreamOutput("stderr", "oops\n")),
        new OutputProduced(2, new DisplayOutput(new Dictionary<string, string> { ["text/html"] = "<b>1</b>" }, "id-1")),
        new OutputProduced(2, new ErrorOutput("boom")),
        new DisplayUpdated("id-1", new Dictionary<string, string> { ["text/plain"] = "2" }),
        new CellCompleted(4, null),
        new CellCompleted(4, "failed"),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_round_trips_through_one_line(KernelMessage message)
    {
        var line = message.ToLine();
        Assert.DoesNotContain('\n', line);
        var read = KernelMessage.FromLine(line);
        Assert.NotNull(read);
        Assert.Equal(line, read.ToLine());
        Assert.Equal(message.GetType(), read.GetType());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"kind": "unknown"}""")]
    [InlineData("""{"cell": 1}""")]
    [InlineData("Loading native library …")]
    public void A_line_that_is_not_a_message_reads_as_null(string line)
    {
        Assert.Null(KernelMessage.FromLine(line));
    }
}

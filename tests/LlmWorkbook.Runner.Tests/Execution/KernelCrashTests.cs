using LlmWorkbook.Runner.Execution;

namespace LlmWorkbook.Runner.Tests.Execution;

/// <summary>A dead kernel's cause, read from what the .NET runtime printed to its stderr.</summary>
public sealed class KernelCrashTests
{
    [Fact]
    public void Describe_keeps_the_failfast_message_and_the_cells_frames()
    {
        var stderr = """
            Process terminated.
            the model file is corrupt
               at System.Environment.FailFast(System.String)
               at Submission#1+<<Initialize>>d__0.MoveNext()
               at System.Threading.ThreadPoolWorkQueue.Dispatch()
            """;
        Assert.Equal("\nEnvironment.FailFast: the model file is corrupt\n   at Submission#1+<<Initialize>>d__0.MoveNext()", KernelCrash.Describe(stderr));
    }

    [Fact]
    public void Describe_names_a_stack_overflow_with_the_repeated_frames()
    {
        var stderr = """
            Stack overflow.
            Repeated 261840 times:
            --------------------------------
               at Submission#1.Deep(Int32)
            --------------------------------
               at Submission#1+<<Initialize>>d__0.MoveNext()
               at System.Threading.ThreadPoolWorkQueue.Dispatch()
            """;
        Assert.Equal(
            "\nstack overflow:\nRepeated 261840 times:\n--------------------------------\n   at Submission#1.Deep(Int32)\n--------------------------------\n   at Submission#1+<<Initialize>>d__0.MoveNext()",
            KernelCrash.Describe(stderr));
    }

    [Fact]
    public void Describe_otherwise_gives_the_last_15_lines()
    {
        var stderr = string.Join("\n", Enumerable.Range(1, 20).Select(i => $"line {i}"));
        Assert.Equal("\n" + string.Join("\n", Enumerable.Range(6, 15).Select(i => $"line {i}")), KernelCrash.Describe(stderr));
        Assert.Equal("", KernelCrash.Describe("  \n"));
    }
}

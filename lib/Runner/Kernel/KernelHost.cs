using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text;
using LlmWorkbook.Runner.Protocol;
using Microsoft.Win32.SafeHandles;

namespace LlmWorkbook.Runner.Kernel;

/// <summary>
/// The kernel process: reads execute commands from stdin, runs them in a <see cref="KernelSession"/>, and writes
/// events as JSON lines (<see cref="KernelMessage"/>). The event stream gets a private copy of stdout; stdout itself is pointed at stderr, so that
/// native libraries printing to it cannot corrupt the protocol.
/// </summary>
internal static class KernelHost
{
    /// <summary>Runs the kernel in <paramref name="workingDirectory"/> until its input ends; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string workingDirectory)
    {
        if (!OperatingSystem.IsWindows())
        {
            // Lead a process group of our own, so the runner can end this kernel and every process a cell started.
            setpgid(0, 0);
        }
        var events = OpenEventStream();
        var gate = new Lock();
        void Send(KernelMessage message)
        {
            var line = message.ToLine();
            lock (gate)
            {
                events.WriteLine(line);
                events.Flush();
            }
        }

        var currentCell = -1;
        KernelSession session;
        try
        {
            // The Polyglot kernel's own FSharp.Core (its package restore is F#) is in the default context before any
            // cell runs, so a package that needs a newer one fails there; it must fail here too.
            AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("FSharp.Core"));
            session = new KernelSession(
                workingDirectory,
                output => Send(new OutputProduced(currentCell, Capped(output))),
                (displayId, data) => Send(new DisplayUpdated(displayId, Capped(data))));
            await session.StartAsync();
        }
        catch (Exception e)
        {
            Send(new KernelFailed(e.ToString()));
            return 1;
        }
        Send(new KernelReady());

        var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
        while (await input.ReadLineAsync() is { } line)
        {
            if (KernelMessage.FromLine(line) is not ExecuteCell command)
            {
                Send(new KernelFailed($"unreadable command: {line}"));
                return 1;
            }
            currentCell = command.Cell;
            CellRun result;
            try
            {
                result = await session.ExecuteAsync(command.Code);
            }
            catch (Exception e)
            {
                result = new CellRun(e.ToString());
            }
            Send(new CellCompleted(command.Cell, result.Error is { } error ? CappedText.Truncate(error) : null));
        }
        return 0;
    }

    /// <summary>An output within <see cref="CappedText.DefaultLimit"/> per text (<see cref="HtmlLimit"/> for HTML), so that no event is too large to send.</summary>
    private static CellOutput Capped(CellOutput output) => output switch
    {
        StreamOutput stream => stream with { Text = CappedText.Truncate(stream.Text) },
        DisplayOutput display => display with { Data = Capped(display.Data) },
        ErrorOutput error => new ErrorOutput(CappedText.Truncate(error.Text)),
        _ => output,
    };

    /// <summary>
    /// Characters a <c>text/html</c> value keeps. HTML may carry a script library inline, as Jupyter front ends allow
    /// (the first chart a notebook shows carries plotly.js, about 4.9 million characters), and HTML cut in the middle
    /// shows nothing; a cell's outputs stay within <see cref="Execution.NotebookOutputs.MaxCharactersPerCell"/>.
    /// </summary>
    internal const int HtmlLimit = 8_000_000;

    private static IReadOnlyDictionary<string, string> Capped(IReadOnlyDictionary<string, string> data) =>
        data.All(kv => kv.Value.Length <= Limit(kv.Key)) ? data : data.ToDictionary(kv => kv.Key, kv => CappedText.Truncate(kv.Value, Limit(kv.Key)));

    private static int Limit(string mimeType) => mimeType == "text/html" ? HtmlLimit : CappedText.DefaultLimit;

    private static StreamWriter OpenEventStream()
    {
        Stream stream;
        if (OperatingSystem.IsWindows())
        {
            stream = Console.OpenStandardOutput();
        }
        else
        {
            var eventsFd = dup(1);
            if (eventsFd < 0 || dup2(2, 1) < 0)
            {
                throw new IOException($"could not set up the kernel's event stream (errno {Marshal.GetLastPInvokeError()})");
            }
            stream = new FileStream(new SafeFileHandle(eventsFd, ownsHandle: true), FileAccess.Write);
        }
        return new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = false };
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpgid(int pid, int processGroup);

    [DllImport("libc", SetLastError = true)]
    private static extern int dup(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int dup2(int oldFd, int newFd);
}

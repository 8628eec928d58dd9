using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace LlmWorkbook.Runner.Execution;

/// <summary>
/// The process groups of the live kernels. Each kernel makes itself the leader of a new process group as it starts
/// (see <c>KernelHost</c>), so killing the group also ends every process its cells started. The runner kills them
/// on every way out: a normal end, a timeout, an exception, SIGTERM, SIGINT or SIGHUP.
/// </summary>
internal static class KernelProcessGroups
{
    private const int SigKill = 9;
    private static readonly ConcurrentDictionary<int, byte> Live = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];

    /// <summary>Remembers a kernel's process (and so its group, which has the same id).</summary>
    public static void Add(int processId) => Live[processId] = 0;

    /// <summary>Kills the kernel's process group (its children included) and forgets it.</summary>
    public static void Kill(int processId)
    {
        Live.TryRemove(processId, out _);
        if (!OperatingSystem.IsWindows())
        {
            kill(-processId, SigKill);
        }
    }

    /// <summary>Kills every live kernel's process group.</summary>
    public static void KillAll()
    {
        foreach (var processId in Live.Keys)
        {
            Kill(processId);
            if (!OperatingSystem.IsWindows())
            {
                kill(processId, SigKill); // in case it had not made its group yet
            }
        }
    }

    /// <summary>Kills every kernel when the runner is stopped by a signal or exits; the signal then ends the runner as usual.</summary>
    public static void KillOnExit()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
        {
            Registrations.Add(PosixSignalRegistration.Create(signal, _ => KillAll()));
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}

using System.Globalization;
using LlmWorkbook.Gpt;

namespace LlmWorkbook.Programs;

/// <summary>
/// What the training commands share: the arguments (--profile full|ci, --out DIR), invariant culture for the numbers
/// they print, the output folder, and a log that goes to the console and to a file in it.
/// </summary>
internal sealed class TrainingRun : IDisposable
{
    private readonly StreamWriter _log;

    private TrainingRun(string output, string profile, TrainingConfig training, string logFileName)
    {
        Output = output;
        Profile = profile;
        Training = training;
        Directory.CreateDirectory(output);
        _log = new StreamWriter(Path.Combine(output, logFileName));
    }

    /// <summary>The folder the run writes into.</summary>
    public string Output { get; }

    /// <summary>"full" or "ci".</summary>
    public string Profile { get; }

    /// <summary>The training setting of the profile.</summary>
    public TrainingConfig Training { get; }

    /// <summary>
    /// Reads the arguments; on a bad one prints what is wrong (naming <paramref name="command"/>) and returns null.
    /// </summary>
    public static TrainingRun? Start(string command, string[] args, string defaultOutput, TrainingConfig full, TrainingConfig ci, string logFileName)
    {
        var (profile, output) = ("full", defaultOutput);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--profile" when i + 1 < args.Length: profile = args[++i]; break;
                case "--out" when i + 1 < args.Length: output = Path.GetFullPath(args[++i]); break;
                default: Console.Error.WriteLine($"{command}: unknown or incomplete argument '{args[i]}'"); return null;
            }
        }
        if (profile is not ("full" or "ci"))
        {
            Console.Error.WriteLine($"{command}: --profile is '{profile}'; use full or ci");
            return null;
        }
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        return new TrainingRun(output, profile, profile == "full" ? full : ci, logFileName);
    }

    /// <summary>Prints a line and appends it to the log file at once, so a stopped run keeps what it printed.</summary>
    public void Log(string line)
    {
        Console.WriteLine(line);
        _log.WriteLine(line);
        _log.Flush();
    }

    public void Dispose() => _log.Dispose();
}

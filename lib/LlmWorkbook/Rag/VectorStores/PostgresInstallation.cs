using System.Globalization;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// A PostgreSQL server installation with the pgvector extension, in the layout Debian and Ubuntu use: programs in
/// <c>/usr/lib/postgresql/&lt;major&gt;/bin</c>, extensions in <c>/usr/share/postgresql/&lt;major&gt;/extension</c>.
/// </summary>
/// <param name="MajorVersion">PostgreSQL's major version, e.g. 17.</param>
/// <param name="BinDirectory">The folder with <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</param>
public sealed record PostgresInstallation(int MajorVersion, string BinDirectory)
{
    /// <summary>The version the course installs (<c>./workbook setup --postgres</c>) and prefers when several are present.</summary>
    public const int PreferredMajorVersion = 17;

    /// <summary>What to do when no installation is found.</summary>
    public const string InstallHint =
        "PostgreSQL with pgvector is not installed: run `sudo ./workbook setup --postgres` once (on Debian 12 it installs " +
        "postgresql-17 and postgresql-17-pgvector from Debian 13, changing only what they strictly need), or install " +
        "PostgreSQL 17 and its pgvector package with your distribution's package manager.";

    private const string ProgramsRoot = "/usr/lib/postgresql";
    private const string SharedRoot = "/usr/share/postgresql";

    /// <summary>The path of one of the installation's programs, e.g. <c>Program("pg_ctl")</c>.</summary>
    public string Program(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Path.Combine(BinDirectory, name);
    }

    /// <summary>
    /// The installation to use: version <see cref="PreferredMajorVersion"/> if it is there with pgvector, else the newest
    /// version that has <c>initdb</c>, <c>pg_ctl</c> and pgvector; null when there is none.
    /// </summary>
    public static PostgresInstallation? Find() => Find(ProgramsRoot, SharedRoot);

    /// <summary><see cref="Find()"/> in other folders than Debian's.</summary>
    internal static PostgresInstallation? Find(string programsRoot, string sharedRoot)
    {
        if (!Directory.Exists(programsRoot))
        {
            return null;
        }
        var found = new List<PostgresInstallation>();
        foreach (var directory in Directory.EnumerateDirectories(programsRoot))
        {
            var name = Path.GetFileName(directory);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major))
            {
                continue;
            }
            var candidate = new PostgresInstallation(major, Path.Combine(directory, "bin"));
            if (File.Exists(candidate.Program("initdb")) && File.Exists(candidate.Program("pg_ctl"))
                && File.Exists(Path.Combine(sharedRoot, name, "extension", "vector.control")))
            {
                found.Add(candidate);
            }
        }
        return found.FirstOrDefault(i => i.MajorVersion == PreferredMajorVersion) ?? found.MaxBy(i => i.MajorVersion);
    }

    /// <summary>The installation to use (<see cref="Find()"/>).</summary>
    /// <exception cref="InvalidOperationException">None is installed; the message says how to install one.</exception>
    public static PostgresInstallation Require() => Find() ?? throw new InvalidOperationException(InstallHint);
}

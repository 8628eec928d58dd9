using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// A throwaway PostgreSQL server with pgvector, for tests, benchmarks and the notebook: <c>initdb</c> under
/// <c>artifacts/postgres/&lt;name&gt;</c> of the repository, trust authentication on the loopback address only, a free TCP
/// port, its Unix socket inside its own folder, <c>CREATE EXTENSION vector</c>. <see cref="Dispose"/> stops the server
/// and deletes the folder; so does the end of the process. A cluster whose process died without either (killed, say) is
/// stopped and deleted by the next <see cref="Start"/>.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root. When this process is root, the server's programs run as the user
/// <c>postgres</c> (which Debian's package creates) or else <c>nobody</c>, through <c>runuser</c>, and the folder is
/// theirs; if that user cannot reach the repository (a checkout under <c>/root</c>, say) the folder goes under the
/// system's temporary folder instead.
/// </remarks>
public sealed class PostgresCluster : IDisposable
{
    /// <summary>The superuser every cluster is made with (no password: trust authentication on loopback).</summary>
    public const string SuperUser = "workbook";

    private const string OwnerFile = "owner";
    private const int MaxUnixSocketPath = 107;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private readonly string? _runAs;
    private readonly EventHandler _onProcessExit;
    private int _disposed;

    private PostgresCluster(string name, string directory, string? runAs, PostgresInstallation installation)
    {
        Name = name;
        Directory = directory;
        _runAs = runAs;
        Installation = installation;
        _onProcessExit = (_, _) => Dispose();
    }

    /// <summary>The cluster's name: its folder's name.</summary>
    public string Name { get; }

    /// <summary>The cluster's folder: <c>data/</c>, the server's log <c>server.log</c>, and its Unix socket.</summary>
    public string Directory { get; }

    /// <summary>The PostgreSQL installation the server runs from.</summary>
    public PostgresInstallation Installation { get; }

    /// <summary>The TCP port the server listens on, at 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The server's version, e.g. "17.12".</summary>
    public string ServerVersion { get; private set; } = "";

    /// <summary>The pgvector extension's version, e.g. "0.8.0".</summary>
    public string PgvectorVersion { get; private set; } = "";

    /// <summary>A connection string for the superuser and the database <c>postgres</c>, where pgvector is created.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Username = SuperUser,
        Database = "postgres",
    }.ConnectionString;

    private string DataDirectory => Path.Combine(Directory, "data");

    private string LogFile => Path.Combine(Directory, "server.log");

    /// <summary>Creates and starts a cluster named <paramref name="name"/>.</summary>
    /// <param name="name">The folder's name under <c>artifacts/postgres</c>: letters, digits, '-' and '_'.</param>
    /// <param name="port">The TCP port to listen on; when null, a free one (and another if it is taken before the server binds it).</param>
    /// <exception cref="InvalidOperationException">
    /// PostgreSQL with pgvector is not installed (the message says how to install it), the port is in use, another
    /// live process has a cluster of that name, or the server does not start (the message ends with its log's tail).
    /// </exception>
    public static PostgresCluster Start(string name = "workbook", int? port = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"the cluster name '{name}' may only hold letters, digits, '-' and '_'", nameof(name));
        }
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "a TCP port is between 1 and 65535");
        }
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the throwaway PostgreSQL cluster runs on Linux; elsewhere, point the store at a server of your own with a connection string");
        }
        var installation = PostgresInstallation.Require();
        if (port is { } requested && !IsFree(requested))
        {
            throw new InvalidOperationException($"port {requested} is in use on 127.0.0.1: choose another, or pass no port to get a free one");
        }
        var runAs = Environment.IsPrivilegedProcess ? UnprivilegedUser() : null;
        var directory = Path.Combine(WorkbookPaths.Root, "artifacts", "postgres", name);
        foreach (var parent in ClusterParents())
        {
            StopAbandoned(parent, installation);
        }
        ClaimDirectory(directory);

        var cluster = new PostgresCluster(name, directory, runAs, installation);
        try
        {
            if (runAs is not null && !cluster.UserCanWrite(directory))
            {
                DeleteDirectory(directory);
                directory = Path.Combine(Path.GetTempPath(), "llm-workbook-postgres", name);
                ClaimDirectory(directory);
                cluster = new PostgresCluster(name, directory, runAs, installation);
            }
            AppDomain.CurrentDomain.ProcessExit += cluster._onProcessExit;
            cluster.Initialize();
            cluster.StartServer(port);
            cluster.CreateVectorExtension();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server (fast shutdown, then immediate if it lingers) and deletes the cluster's folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        StopServer(Directory, Installation, _runAs);
        DeleteDirectory(Directory);
    }

    /// <inheritdoc/>
    public override string ToString() => $"PostgreSQL {ServerVersion} with pgvector {PgvectorVersion} on 127.0.0.1:{Port} (a throwaway cluster in {Path.GetRelativePath(WorkbookPaths.Root, Directory)})";

    private void Initialize()
    {
        var (exitCode, output) = Run(_runAs, Installation.Program("initdb"),
            ["-D", DataDirectory, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"], Directory);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed (exit code {exitCode}) in {DataDirectory}:{Environment.NewLine}{Tail(output)}");
        }
        // Loopback only, and a socket in the cluster's own folder (no /var/run). A socket path longer than Unix allows
        // would stop the server, so then it listens on TCP alone. Durability is not wanted from a throwaway server.
        var socketDirectory = Directory.Length + "/.s.PGSQL.65535".Length <= MaxUnixSocketPath ? Directory : "";
        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine("# a throwaway cluster (LlmWorkbook.Rag.VectorStores.PostgresCluster)")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{socketDirectory.Replace("'", "''", StringComparison.Ordinal)}'")
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off")
            .AppendLine("max_connections = 30");
        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), settings.ToString());
    }

    private void StartServer(int? requestedPort)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            Port = requestedPort ?? FreePort();
            var (exitCode, output) = Run(_runAs, Installation.Program("pg_ctl"),
                ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", LogFile, "-o", $"-p {Port}"], Directory);
            if (exitCode == 0)
            {
                return;
            }
            var log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";
            var portTaken = log.Contains("could not bind", StringComparison.Ordinal) || log.Contains("already in use", StringComparison.Ordinal);
            if (portTaken && requestedPort is null && attempt < attempts)
            {
                File.Delete(LogFile);
                continue;
            }
            throw new InvalidOperationException(portTaken
                ? $"port {Port} is in use on 127.0.0.1; the server did not start. The end of {LogFile}:{Environment.NewLine}{Tail(log)}"
                : $"the PostgreSQL server did not start (pg_ctl exit code {exitCode}: {output.Trim()}). The end of {LogFile}:{Environment.NewLine}{Tail(log)}");
        }
    }

    private void CreateVectorExtension()
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "CREATE EXTENSION IF NOT EXISTS vector; " +
            "SELECT current_setting('server_version'), extversion FROM pg_extension WHERE extname = 'vector'", connection);
        using var reader = command.ExecuteReader();
        reader.Read();
        ServerVersion = reader.GetString(0);
        PgvectorVersion = reader.GetString(1);
    }

    private bool UserCanWrite(string directory) => Run(_runAs, "test", ["-w", directory], "/").ExitCode == 0;

    // Every folder a cluster may live in: the repository's, and the fallback for a root process whose server user cannot reach it.
    private static IEnumerable<string> ClusterParents() =>
        [Path.Combine(WorkbookPaths.Root, "artifacts", "postgres"), Path.Combine(Path.GetTempPath(), "llm-workbook-postgres")];

    // Creates the folder and records who owns it ("pid user"); a folder left by a live process is refused.
    private static void ClaimDirectory(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            if (ReadOwner(directory) is { } owner && IsAlive(owner.ProcessId))
            {
                throw new InvalidOperationException(
                    $"the cluster '{Path.GetFileName(directory)}' in {directory} belongs to the running process {owner.ProcessId}: choose another name");
            }
            DeleteDirectory(directory);
        }
        System.IO.Directory.CreateDirectory(directory);
        var runAs = Environment.IsPrivilegedProcess ? UnprivilegedUser() : null;
        File.WriteAllText(Path.Combine(directory, OwnerFile),
            string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {runAs ?? Environment.UserName}"));
        if (runAs is not null)
        {
            var (exitCode, output) = Run(null, "chown", ["-R", runAs, directory], "/");
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"could not give {directory} to the user {runAs}: {output.Trim()}");
            }
        }
        else if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    // Stops and deletes every cluster under parent whose owning process is gone.
    private static void StopAbandoned(string parent, PostgresInstallation installation)
    {
        if (!System.IO.Directory.Exists(parent))
        {
            return;
        }
        foreach (var directory in System.IO.Directory.EnumerateDirectories(parent))
        {
            if (ReadOwner(directory) is { } owner && !IsAlive(owner.ProcessId))
            {
                StopServer(directory, installation, Environment.IsPrivilegedProcess ? owner.User : null);
                DeleteDirectory(directory);
            }
        }
    }

    private static void StopServer(string directory, PostgresInstallation installation, string? runAs)
    {
        var data = Path.Combine(directory, "data");
        var pidFile = Path.Combine(data, "postmaster.pid");
        if (!File.Exists(pidFile)
            || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var postmaster))
        {
            return;
        }
        if (Run(runAs, installation.Program("pg_ctl"), ["stop", "-D", data, "-m", "fast", "-w", "-t", "30"], directory).ExitCode != 0
            && IsAlive(postmaster))
        {
            // pg_ctl could not stop it (a different installation made it, say): SIGQUIT is PostgreSQL's immediate shutdown.
            Run(null, "kill", ["-QUIT", postmaster.ToString(CultureInfo.InvariantCulture)], "/");
        }
        // pg_ctl returns once the lock file is gone, a moment before the process itself.
        for (var waited = 0; waited < 100 && IsAlive(postmaster); waited++)
        {
            Thread.Sleep(100);
        }
    }

    private static void DeleteDirectory(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    private static (int ProcessId, string User)? ReadOwner(string directory)
    {
        var path = Path.Combine(directory, OwnerFile);
        if (!File.Exists(path))
        {
            return null;
        }
        var parts = File.ReadAllText(path).Split(' ', 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? (id, parts[1]) : null;
    }

    // A process that has exited but is not yet reaped (state Z) still has its /proc entry.
    private static bool IsAlive(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // Debian's postgresql-common creates the user postgres; nobody exists everywhere else.
    private static string UnprivilegedUser() =>
        File.ReadLines("/etc/passwd").Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)) ? "postgres" : "nobody";

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Tail(string text, int lines = 20) =>
        string.Join(Environment.NewLine, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines)).TrimEnd();

    // Runs a program to its end (as another user when runAs is set) and returns its exit code and its output and errors.
    private static (int ExitCode, string Output) Run(string? runAs, string program, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo
        {
            FileName = runAs is null ? program : "runuser",
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (runAs is not null)
        {
            foreach (var argument in new[] { "-u", runAs, "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ToolTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {ToolTimeout.TotalSeconds:0} s");
        }
        return (process.ExitCode, output.Result + errors.Result);
    }
}

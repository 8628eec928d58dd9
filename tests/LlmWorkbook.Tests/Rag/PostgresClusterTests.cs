using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LlmWorkbook.Rag.VectorStores;
using Npgsql;

namespace LlmWorkbook.Tests.Rag;

public sealed class PostgresClusterTests
{
    private static string UniqueName(string what) => $"tests-{what}-{Environment.ProcessId}";

    [PostgresFact]
    public void Start_gives_a_loopback_server_with_pgvector_and_Dispose_stops_it_and_deletes_its_folder()
    {
        var cluster = PostgresCluster.Start(UniqueName("lifecycle"));
        string directory;
        int postmaster;
        try
        {
            directory = cluster.Directory;
            postmaster = Postmaster(cluster);
            Assert.True(Directory.Exists($"/proc/{postmaster}"));
            Assert.StartsWith("0.", cluster.PgvectorVersion, StringComparison.Ordinal);
            using var connection = new NpgsqlConnection(cluster.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(
                "SELECT current_setting('listen_addresses'), '[3,4]'::vector <-> '[0,0]'::vector, current_user", connection);
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal("127.0.0.1", reader.GetString(0));
            Assert.Equal(5.0, reader.GetDouble(1));
            Assert.Equal(PostgresCluster.SuperUser, reader.GetString(2));
        }
        finally
        {
            cluster.Dispose();
        }
        Assert.False(Directory.Exists(directory));
        Assert.False(IsRunning(postmaster));
    }

    private static bool IsRunning(int processId) =>
        File.Exists($"/proc/{processId}/stat") && File.ReadAllText($"/proc/{processId}/stat").Split(") ")[1][0] is not ('Z' or 'X');

    // The server's process id: the first line of its lock file.
    private static int Postmaster(PostgresCluster cluster) =>
        int.Parse(File.ReadLines(Path.Combine(cluster.Directory, "data", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    [PostgresFact]
    public void A_cluster_whose_process_is_gone_is_stopped_and_deleted_by_the_next_start()
    {
        using var abandoned = PostgresCluster.Start(UniqueName("abandoned"));
        var postmaster = Postmaster(abandoned);
        // Pretend its process died: the owner file names a process that has exited.
        using (var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            exited.WaitForExit();
            var owner = Path.Combine(abandoned.Directory, "owner");
            var user = File.ReadAllText(owner).Split(' ', 2)[1];
            File.WriteAllText(owner, $"{exited.Id} {user}");
        }

        using (PostgresCluster.Start(UniqueName("next")))
        {
            Assert.False(Directory.Exists(abandoned.Directory));
            Assert.False(IsRunning(postmaster));
        }
    }

    [PostgresFact]
    public void A_port_in_use_or_a_name_in_use_is_refused_with_a_clear_message()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var error = Assert.Throws<InvalidOperationException>(() => PostgresCluster.Start(UniqueName("port"), port));
            Assert.Contains($"port {port} is in use", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            listener.Stop();
        }

        using var running = PostgresCluster.Start(UniqueName("taken"));
        var taken = Assert.Throws<InvalidOperationException>(() => PostgresCluster.Start(UniqueName("taken")));
        Assert.Contains("belongs to the running process", taken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_and_ports_are_checked_before_anything_starts()
    {
        Assert.Throws<ArgumentException>(() => PostgresCluster.Start("../escape"));
        Assert.Throws<ArgumentException>(() => PostgresCluster.Start(" "));
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgresCluster.Start("fine", port: 70_000));
    }
}

using LlmWorkbook.Rag.VectorStores;

namespace LlmWorkbook.Tests.Rag;

/// <summary>One throwaway cluster per test class, stopped and deleted when the class's tests are done (pass or fail).</summary>
public sealed class PostgresClusterFixture : IDisposable
{
    private static int _count;
    private readonly PostgresCluster? _cluster;

    public PostgresClusterFixture()
    {
        if (!PostgresFactAttribute.IsSkipped)
        {
            _cluster = PostgresCluster.Start($"tests-{Environment.ProcessId}-{Interlocked.Increment(ref _count)}");
        }
    }

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException(PostgresInstallation.InstallHint);

    public void Dispose() => _cluster?.Dispose();
}

using LlmWorkbook.Rag.VectorStores;

namespace LlmWorkbook.Tests.Rag;

public sealed class WorkbookVectorStoreTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" InProcess ")]
    public void No_setting_or_inprocess_gives_the_in_process_store(string? setting)
    {
        using var opened = WorkbookVectorStore.Open(setting);

        Assert.IsType<InProcessVectorStore>(opened.Store);
        Assert.False(opened.IsPostgres);
    }

    [Fact]
    public void An_unknown_setting_is_named_with_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => WorkbookVectorStore.Open("qdrant"));

        Assert.Contains("WORKBOOK_VECTOR_STORE is 'qdrant'", error.Message);
        Assert.Contains("postgres", error.Message);
    }

    [Fact]
    public void A_connection_string_is_described_without_its_password()
    {
        using var opened = WorkbookVectorStore.Open("Host=db.example;Port=5433;Username=u;Password=s3cret;Database=rag");

        Assert.True(opened.IsPostgres);
        Assert.Equal("PostgreSQL at db.example:5433, database rag", opened.Description);
        Assert.DoesNotContain("s3cret", opened.Description);
    }

    [PostgresFact]
    public void Postgres_starts_a_throwaway_cluster_that_dispose_removes()
    {
        var opened = WorkbookVectorStore.Open("postgres");
        var folder = Path.Combine(WorkbookPaths.Root, "artifacts", "postgres", "vector-store");
        Assert.IsType<PostgresVectorStore>(opened.Store);
        Assert.Contains("throwaway cluster in artifacts", opened.Description);

        opened.Dispose();

        Assert.False(Directory.Exists(folder));
    }
}

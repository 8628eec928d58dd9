using LlmWorkbook.Rag.VectorStores;

namespace LlmWorkbook.Tests.Rag;

/// <summary>
/// A fact that needs PostgreSQL with pgvector. Without it the test fails with the install hint; it is skipped only when
/// <c>WORKBOOK_SKIP_POSTGRES=1</c> says so (CI never sets it).
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (IsSkipped)
        {
            Skip = "PostgreSQL with pgvector is not installed and WORKBOOK_SKIP_POSTGRES=1";
        }
    }

    public static bool IsSkipped =>
        Environment.GetEnvironmentVariable("WORKBOOK_SKIP_POSTGRES") == "1" && PostgresInstallation.Find() is null;
}

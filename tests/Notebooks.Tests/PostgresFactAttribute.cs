namespace LlmWorkbook.Notebooks.Tests;

/// <summary>
/// A fact that needs PostgreSQL with pgvector (Debian's layout: /usr/lib/postgresql/N/lib/vector.so). Without it the
/// test fails with the install hint; it is skipped only when <c>WORKBOOK_SKIP_POSTGRES=1</c> says so (CI never sets it).
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            && Directory.EnumerateFiles("/usr/lib/postgresql", "vector.so", SearchOption.AllDirectories).Any();
        if (Environment.GetEnvironmentVariable("WORKBOOK_SKIP_POSTGRES") == "1" && !installed)
        {
            Skip = "PostgreSQL with pgvector is not installed and WORKBOOK_SKIP_POSTGRES=1";
        }
    }
}

using LlmWorkbook.Rag.VectorStores;

namespace LlmWorkbook.Tests.Rag;

public sealed class PostgresInstallationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("postgres-layout-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Programs => Path.Combine(_root, "lib");

    private string Shared => Path.Combine(_root, "share");

    private void Install(int major, bool withPgvector)
    {
        var bin = Directory.CreateDirectory(Path.Combine(Programs, major.ToString(System.Globalization.CultureInfo.InvariantCulture), "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "initdb"), "");
        File.WriteAllText(Path.Combine(bin, "pg_ctl"), "");
        var extensions = Directory.CreateDirectory(Path.Combine(Shared, major.ToString(System.Globalization.CultureInfo.InvariantCulture), "extension")).FullName;
        if (withPgvector)
        {
            File.WriteAllText(Path.Combine(extensions, "vector.control"), "");
        }
    }

    [Fact]
    public void Version_17_with_pgvector_is_preferred_else_the_newest_with_pgvector()
    {
        Assert.Null(PostgresInstallation.Find(Programs, Shared));
        Install(15, withPgvector: false);
        Assert.Null(PostgresInstallation.Find(Programs, Shared));
        Install(16, withPgvector: true);
        Assert.Equal(16, PostgresInstallation.Find(Programs, Shared)!.MajorVersion);
        Install(18, withPgvector: true);
        Assert.Equal(18, PostgresInstallation.Find(Programs, Shared)!.MajorVersion);
        Install(17, withPgvector: true);
        var found = PostgresInstallation.Find(Programs, Shared)!;
        Assert.Equal(17, found.MajorVersion);
        Assert.Equal(Path.Combine(Programs, "17", "bin", "pg_ctl"), found.Program("pg_ctl"));
    }

    [Fact]
    public void The_install_hint_names_the_setup_command_and_the_packages() =>
        Assert.All(["sudo ./workbook setup --postgres", "postgresql-17", "postgresql-17-pgvector"],
            part => Assert.Contains(part, PostgresInstallation.InstallHint, StringComparison.Ordinal));
}

using LlmWorkbook.Runner.Kernel;

namespace LlmWorkbook.Runner.Tests.Kernel;

/// <summary>Directives are taken out of a cell the way the Polyglot kernel takes them.</summary>
public sealed class CellDirectivesTests
{
    [Fact]
    public void Directives_are_taken_out_of_the_code_keeping_line_numbers()
    {
        var cell = CellDirectives.Parse("#!csharp\n#i \"nuget: ../feed\"\n#r \"nuget: Some.Package, 1.2.3\"\n#r \"nuget:Latest\"\n#!time\nvar a = 1;\n#r \"local.dll\"");
        Assert.Equal([new PackageRequest("Some.Package", "1.2.3"), new PackageRequest("Latest", null)], cell.Packages);
        Assert.Equal(["../feed"], cell.PackageSources);
        Assert.True(cell.Time);
        Assert.Equal("\n\n\n\n\nvar a = 1;\n#r \"local.dll\"", cell.Code);
    }

    [Fact]
    public void A_directive_in_the_middle_of_a_line_is_code()
    {
        var cell = CellDirectives.Parse("var s = \"#!time\"; // #r \"nuget: X, 1\"");
        Assert.False(cell.Time);
        Assert.Empty(cell.Packages);
    }
}

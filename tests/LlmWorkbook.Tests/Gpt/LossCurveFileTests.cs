using LlmWorkbook.Gpt;

namespace LlmWorkbook.Tests.Gpt;

public sealed class LossCurveFileTests : IDisposable
{
    private readonly string path = Path.Combine(Directory.CreateTempSubdirectory("loss-curve-test").FullName, "curve.csv");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);

    [Fact]
    public void Rows_read_back_as_written_to_their_precision()
    {
        File.WriteAllLines(path, [LossCurveFile.Header, LossCurveFile.Row(new LossPoint(1, 9.123456, 1.5e-5, null), 2.04),
            LossCurveFile.Row(new LossPoint(200, 4.5, 1.2e-3, 4.987654), 310.26)]);
        Assert.Equal(["1,9.12346,1.5000E-005,,2.0", "200,4.50000,1.2000E-003,4.98765,310.3"], File.ReadAllLines(path).Skip(1));

        var rows = LossCurveFile.Read(path);
        Assert.Equal((new LossPoint(1, 9.12346, 1.5e-5, null), 2.0), rows[0]);
        Assert.Equal((new LossPoint(200, 4.5, 1.2e-3, 4.98765), 310.3), rows[1]);
    }

    [Fact]
    public void A_bad_file_is_named_with_its_line()
    {
        File.WriteAllLines(path, ["step,loss"]);
        Assert.Contains("curve.csv: the first line should be", Assert.Throws<InvalidDataException>(() => LossCurveFile.Read(path)).Message);
        File.WriteAllLines(path, [LossCurveFile.Header, "1,2.0,1e-3,,1.0", "2,nan?,1e-3,,2.0"]);
        Assert.Equal("curve.csv, line 3: 'nan?' is not a number", Assert.Throws<InvalidDataException>(() => LossCurveFile.Read(path)).Message);
        File.WriteAllLines(path, [LossCurveFile.Header, "1,2.0,1e-3"]);
        Assert.Contains("line 2: expected a step number", Assert.Throws<InvalidDataException>(() => LossCurveFile.Read(path)).Message);
    }
}

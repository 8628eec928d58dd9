using System.Globalization;

namespace LlmWorkbook.Gpt;

/// <summary>
/// A training run's loss curve as CSV: one row per step with its training loss, learning rate, validation loss (empty
/// between evaluations) and the seconds since the run started. ./workbook train gpt writes it next to the checkpoint;
/// notebook 04 plots it.
/// </summary>
public static class LossCurveFile
{
    public const string Header = "step,train_loss,learning_rate,validation_loss,seconds";

    /// <summary>One row of the file.</summary>
    public static string Row(LossPoint point, double seconds)
    {
        ArgumentNullException.ThrowIfNull(point);
        var c = CultureInfo.InvariantCulture;
        return string.Join(',', point.Step.ToString(c), point.TrainLoss.ToString("F5", c), point.LearningRate.ToString("E4", c),
            point.ValidationLoss?.ToString("F5", c) ?? "", seconds.ToString("F1", c));
    }

    /// <summary>The rows of a file written with <see cref="Header"/> and <see cref="Row"/>; errors name the file and line.</summary>
    public static List<(LossPoint Point, double Seconds)> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var lines = File.ReadAllLines(path);
        var fileName = Path.GetFileName(path);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new InvalidDataException($"{fileName}: the first line should be '{Header}'");
        }
        var rows = new List<(LossPoint, double)>();
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',');
            double Number(int field) => double.TryParse(fields[field], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value : throw new InvalidDataException($"{fileName}, line {i + 1}: '{fields[field]}' is not a number");
            if (fields.Length != 5 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            {
                throw new InvalidDataException($"{fileName}, line {i + 1}: expected a step number and four more fields");
            }
            rows.Add((new LossPoint(step, Number(1), Number(2), fields[3].Length == 0 ? null : Number(3)), Number(4)));
        }
        return rows;
    }
}

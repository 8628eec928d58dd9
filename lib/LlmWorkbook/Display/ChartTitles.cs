using Plotly.NET;
using Plotly.NET.CSharp;

namespace LlmWorkbook.Display;

/// <summary>Chart and axis titles in one call; Plotly.NET.CSharp 0.14 has no C#-friendly chart title.</summary>
public static class ChartTitles
{
    public static GenericChart WithTitles(this GenericChart chart, string title, string? xAxis = null, string? yAxis = null)
    {
        var titled = Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
        if (xAxis is not null)
        {
            titled = titled.WithXAxisStyle<double, double, string>(TitleText: xAxis);
        }
        if (yAxis is not null)
        {
            titled = titled.WithYAxisStyle<double, double, string>(TitleText: yAxis);
        }
        return titled;
    }
}

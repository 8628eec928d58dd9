using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmWorkbook.Display;

/// <summary>
/// HTML formatters for the course's charts and tables. Polyglot Notebooks used to get these from the
/// Plotly.NET.Interactive and Microsoft.Data.Analysis.Interactive extensions, which cannot be restored any more;
/// notebooks call <see cref="Register"/> once in their setup cell.
/// </summary>
public static class NotebookFormatters
{
    public const int DataFrameRowLimit = 25;

    /// <summary>Registers the HTML formatters: <see cref="Chart"/> (drawn by <see cref="ChartHtml.Shared"/>) and <see cref="DataFrame"/>.</summary>
    public static void Register()
    {
        Formatter.Register<Chart>(chart => ChartHtml.Shared.Render(chart), HtmlFormatter.MimeType);
        Formatter.Register<DataFrame>(frame => DataFrameHtml(frame), HtmlFormatter.MimeType);
    }

    /// <summary>An HTML table of the first <see cref="DataFrameRowLimit"/> rows, with the frame's size below it.</summary>
    public static string DataFrameHtml(DataFrame frame)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var column in frame.Columns)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(column.Name)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        var rows = Math.Min(frame.Rows.Count, DataFrameRowLimit);
        for (var r = 0; r < rows; r++)
        {
            html.Append("<tr>");
            foreach (var column in frame.Columns)
            {
                html.Append("<td>").Append(WebUtility.HtmlEncode(Cell(column[r]))).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        html.Append(CultureInfo.InvariantCulture, $"<p><i>{frame.Rows.Count} rows × {frame.Columns.Count} columns");
        html.Append(frame.Rows.Count > rows ? $", first {rows} shown" : "").Append("</i></p>");
        return html.ToString();
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        float f => f.ToString("0.####", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

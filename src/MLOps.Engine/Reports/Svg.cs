using System.Globalization;
using System.Net;
using System.Text;

namespace MLOps.Engine.Reports;

/// <summary>Small inline SVG charts for reports: no scripts, no external files, readable in any browser and in a PR artifact.</summary>
public static class Svg
{
    public const string CandidateColor = "#1f77b4";
    public const string BaselineColor = "#ff7f0e";
    private const int Size = 260, Margin = 36;

    /// <summary>A unit-square line chart (both axes 0–1) with a diagonal reference, series as (name, color, points).</summary>
    public static string LineChart(string title, string xLabel, string yLabel, bool diagonal,
        IEnumerable<(string Name, string Color, IReadOnlyList<(double X, double Y)> Points)> series)
    {
        var all = series.ToArray();
        var svg = Open(title, legendLines: all.Length);
        Axes(svg, xLabel, yLabel);
        if (diagonal) svg.Append($"<line x1='{X(0)}' y1='{Y(0)}' x2='{X(1)}' y2='{Y(1)}' stroke='#bbb' stroke-dasharray='4 3'/>");
        for (var i = 0; i < all.Length; i++)
        {
            var (name, color, points) = all[i];
            svg.Append($"<polyline fill='none' stroke='{color}' stroke-width='2' points='{string.Join(" ", points.Select(p => $"{X(p.X)},{Y(p.Y)}"))}'/>");
            // Legends go under the plot, where no curve can hide them.
            var y = N(Py(0) + 46 + 14 * i);
            svg.Append($"<line x1='{Margin}' y1='{y}' x2='{Margin + 16}' y2='{y}' stroke='{color}' stroke-width='3'/>");
            svg.Append($"<text x='{Margin + 22}' y='{N(Py(0) + 50 + 14 * i)}' font-size='11'>{Escape(name)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// Differences with their one-sided bounds: per row a dot at the difference and a bar to the bound, a zero line,
    /// and a dashed tick at the allowed margin.
    /// </summary>
    public static string DeltaChart(IReadOnlyList<(string Label, double Difference, double Bound, double? Margin, bool Passed)> rows)
    {
        var values = rows.SelectMany(r => new[] { r.Difference, r.Bound, r.Margin ?? 0, 0 }).Where(double.IsFinite).ToArray();
        var low = values.Min();
        var high = values.Max();
        var pad = Math.Max(1e-6, (high - low) * 0.1);
        (low, high) = (low - pad, high + pad);
        const int width = 560, labelWidth = 230, rowHeight = 26;
        var height = rows.Count * rowHeight + 30;
        double Px(double v) => labelWidth + (v - low) / (high - low) * (width - labelWidth - 20);
        var svg = new StringBuilder($"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' font-family='sans-serif' font-size='11'>");
        svg.Append($"<line x1='{N(Px(0))}' y1='4' x2='{N(Px(0))}' y2='{height - 22}' stroke='#888'/>");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, difference, bound, margin, passed) = rows[i];
            var y = 16 + i * rowHeight;
            var color = passed ? "#2ca02c" : "#d62728";
            svg.Append($"<text x='4' y='{y + 4}'>{Escape(label)}</text>");
            if (margin is { } m) svg.Append($"<line x1='{N(Px(m))}' y1='{y - 8}' x2='{N(Px(m))}' y2='{y + 8}' stroke='#d62728' stroke-dasharray='3 2'/>");
            if (double.IsFinite(bound)) svg.Append($"<line x1='{N(Px(bound))}' y1='{y}' x2='{N(Px(difference))}' y2='{y}' stroke='{color}' stroke-width='3'/>");
            svg.Append($"<circle cx='{N(Px(difference))}' cy='{y}' r='4' fill='{color}'/>");
        }
        svg.Append($"<text x='{N(Px(low))}' y='{height - 6}'>{low.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture)}</text>");
        svg.Append($"<text x='{N(Px(high) - 40)}' y='{height - 6}'>{high.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture)}</text>");
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string title, int legendLines) =>
        new StringBuilder($"<svg xmlns='http://www.w3.org/2000/svg' width='{Size + Margin + 10}' height='{Size + Margin + 30 + 14 * legendLines}' font-family='sans-serif' font-size='11'>")
            .Append($"<text x='{Margin}' y='14' font-size='13' font-weight='bold'>{Escape(title)}</text>");

    private static void Axes(StringBuilder svg, string xLabel, string yLabel)
    {
        svg.Append($"<rect x='{X(0)}' y='{Y(1)}' width='{Size}' height='{Size}' fill='none' stroke='#444'/>");
        foreach (var t in new[] { 0.0, 0.5, 1.0 })
        {
            svg.Append($"<text x='{N(Px(t) - 6)}' y='{N(Py(0) + 14)}'>{t.ToString("0.#", CultureInfo.InvariantCulture)}</text>");
            svg.Append($"<text x='{Margin - 22}' y='{N(Py(t) + 4)}'>{t.ToString("0.#", CultureInfo.InvariantCulture)}</text>");
        }
        svg.Append($"<text x='{Margin + Size / 2 - 30}' y='{N(Py(0) + 28)}'>{Escape(xLabel)}</text>");
        svg.Append($"<text transform='translate(10,{Margin + Size / 2 + 30}) rotate(-90)'>{Escape(yLabel)}</text>");
    }

    private static double Px(double v) => Margin + v * Size;
    private static double Py(double v) => 24 + (1 - v) * Size;
    private static string X(double v) => N(Px(v));
    private static string Y(double v) => N(Py(v));
    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}

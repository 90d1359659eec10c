using System.Globalization;
using System.Net;
using System.Text;
using MLOps.Engine.Reports;

namespace MLOps.Engine.Monitoring;

/// <summary>The monitoring report's inline SVG charts (no scripts, no external files), in the gate report's colors.</summary>
public static class MonitorCharts
{
    private const string Drifted = "#d62728", Quiet = "#2ca02c";

    /// <summary>Each check's effect as a share of its threshold (the dashed line), red where it drifted.</summary>
    public static string DriftBars(IReadOnlyList<DriftCheck> checks)
    {
        const int width = 620, label = 220, row = 20;
        var top = Math.Max(2, checks.Select(c => c.EffectThreshold > 0 ? c.Effect / c.EffectThreshold : 0).DefaultIfEmpty(0).Max());
        top = Math.Min(top, 10);
        double X(double share) => label + Math.Min(share, top) / top * (width - label - 20);
        var svg = Open(width, checks.Count * row + 30);
        for (var i = 0; i < checks.Count; i++)
        {
            var c = checks[i];
            var share = c.EffectThreshold > 0 ? c.Effect / c.EffectThreshold : 0;
            var y = 8 + i * row;
            svg.Append(CultureInfo.InvariantCulture, $"<text x='4' y='{y + 12}'>{E(MonitorText.Name(c))}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect x='{label}' y='{y + 2}' width='{N(X(share) - label)}' height='{row - 6}' fill='{(c.Drifted ? Drifted : Quiet)}'>")
                .Append(CultureInfo.InvariantCulture, $"<title>{E(c.Explanation)}</title></rect>");
        }
        var threshold = N(X(1));
        svg.Append(CultureInfo.InvariantCulture, $"<line x1='{threshold}' y1='4' x2='{threshold}' y2='{checks.Count * row + 10}' stroke='#444' stroke-dasharray='4 3'/>")
            .Append(CultureInfo.InvariantCulture, $"<text x='{threshold}' y='{checks.Count * row + 24}'>threshold</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Shares of reference and current rows in each of the prediction's bins, side by side.</summary>
    public static string ScoreHistogram(ReferenceColumn reference, BinCounts current)
    {
        const int width = 620, height = 220, left = 40, bottom = 40;
        var bins = reference.Bins.BinCount;
        double referenceTotal = Math.Max(1, reference.Counts.Present), currentTotal = Math.Max(1, current.Present);
        var shares = Enumerable.Range(0, bins).Select(b => (reference.Counts.Counts[b] / referenceTotal, current.Counts[b] / currentTotal)).ToArray();
        var top = Math.Max(1e-9, shares.Max(s => Math.Max(s.Item1, s.Item2)));
        var slot = (width - left - 10) / (double)bins;
        double Y(double share) => height - bottom - share / top * (height - bottom - 20);
        var svg = Open(width, height);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1='{left}' y1='{height - bottom}' x2='{width - 10}' y2='{height - bottom}' stroke='#444'/>");
        for (var b = 0; b < bins; b++)
        {
            var x = left + b * slot;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x='{N(x + 1)}' y='{N(Y(shares[b].Item1))}' width='{N(slot / 2 - 1)}' height='{N(height - bottom - Y(shares[b].Item1))}' fill='{Svg.BaselineColor}'/>")
                .Append(CultureInfo.InvariantCulture, $"<rect x='{N(x + slot / 2)}' y='{N(Y(shares[b].Item2))}' width='{N(slot / 2 - 1)}' height='{N(height - bottom - Y(shares[b].Item2))}' fill='{Svg.CandidateColor}'/>");
            if (reference.Bins.IsNumber && b < reference.Bins.Edges.Length && bins <= 24)
                svg.Append(CultureInfo.InvariantCulture, $"<text x='{N(x + slot - 8)}' y='{height - bottom + 14}' font-size='9'>{reference.Bins.Edges[b].ToString("0.##", CultureInfo.InvariantCulture)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x='{left}' y='12'>share of rows per prediction bin: </text><rect x='{left + 190}' y='3' width='10' height='10' fill='{Svg.BaselineColor}'/>")
            .Append(CultureInfo.InvariantCulture, $"<text x='{left + 204}' y='12'>reference</text><rect x='{left + 264}' y='3' width='10' height='10' fill='{Svg.CandidateColor}'/><text x='{left + 278}' y='12'>current</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The primary metric over chunks: the estimate's band shaded, the estimate as a line, realized values as dots.</summary>
    public static string OverChunks(IReadOnlyList<ChunkPerformance> chunks)
    {
        const int width = 620, height = 240, left = 50, bottom = 50;
        var values = chunks.SelectMany(c => new[] { c.Lower, c.Upper, c.Estimate, c.Realized }).OfType<double>().Where(double.IsFinite).ToArray();
        if (values.Length == 0) return "";
        double low = values.Min(), high = values.Max(), pad = Math.Max(1e-3, (high - low) * 0.1);
        (low, high) = (low - pad, high + pad);
        var step = chunks.Count > 1 ? (width - left - 20) / (double)(chunks.Count - 1) : 0;
        double X(int i) => left + (chunks.Count > 1 ? i * step : (width - left) / 2.0);
        double Y(double v) => height - bottom - (v - low) / (high - low) * (height - bottom - 20);
        var svg = Open(width, height);
        var banded = chunks.Select((c, i) => (c, i)).Where(p => p.c.Lower is not null && p.c.Upper is not null).ToArray();
        if (banded.Length > 0)
        {
            var points = banded.Select(p => $"{N(X(p.i))},{N(Y(p.c.Upper!.Value))}").Concat(banded.AsEnumerable().Reverse().Select(p => $"{N(X(p.i))},{N(Y(p.c.Lower!.Value))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polygon points='{string.Join(" ", points)}' fill='{Svg.CandidateColor}' fill-opacity='0.2'/>")
                .Append(CultureInfo.InvariantCulture, $"<polyline fill='none' stroke='{Svg.CandidateColor}' stroke-width='2' points='{string.Join(" ", banded.Where(p => p.c.Estimate is not null).Select(p => $"{N(X(p.i))},{N(Y(p.c.Estimate!.Value))}"))}'/>");
        }
        foreach (var (c, i) in chunks.Select((c, i) => (c, i)))
        {
            if (c.Realized is { } r && double.IsFinite(r)) svg.Append(CultureInfo.InvariantCulture, $"<circle cx='{N(X(i))}' cy='{N(Y(r))}' r='4' fill='{Svg.BaselineColor}'><title>{E(c.Label)}: {MonitorText.N(r)}</title></circle>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x='{N(X(i) - 10)}' y='{height - bottom + 14}' font-size='9'>{E(c.Label)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x='4' y='{N(Y(high - pad))}'>{MonitorText.N(high - pad)}</text><text x='4' y='{N(Y(low + pad))}'>{MonitorText.N(low + pad)}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x='{left}' y='{height - 12}'>{E(chunks[0].Metric)}: estimated (line, band shaded) and realized (dots)</text>");
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(int width, int height) =>
        new($"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' font-family='sans-serif' font-size='11'>");

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
    private static string E(string text) => WebUtility.HtmlEncode(text);
}

namespace MLOps.Engine.Monitoring;

/// <summary>
/// What CBPE needs of a chunk's scores, in a fixed size whatever the rows: per track, <see cref="Bins"/> equal bins
/// of the raw score on [0, 1], each with its rows, the sum of the rows' calibrated probabilities q and the sum of q².
/// A binary model has one track (the score; q the calibrated probability of the positive class). A multiclass model
/// with K classes has 2K: track k bins every row by class k's probability with q its renormalised calibrated
/// probability (one-vs-rest AUC), track K + k bins the rows predicted k by that probability with q the probability
/// of being right (accuracy).
/// Sums of q are fixed-point integers (2⁻³² per row), so adding parts in any grouping gives the same bits.
/// The approximation: expected counts are exact (to 2⁻³² per row); rows in one bin count as ties in AUC, which moves
/// it by at most <see cref="AucTieBound"/>; the band shifts a bin by its map's redraw at the bin's centre.
/// </summary>
public sealed class ScoreSummary
{
    /// <summary>Bins per track; 0.5, the binary threshold, is a bin edge, so predicted classes are exact.</summary>
    public const int Bins = 1024;

    private const double Unit = 4294967296.0;

    private readonly long[] _rows;
    private readonly long[] _q;
    private readonly long[] _qq;
    private readonly double[] _calibrated;

    /// <summary>An empty summary of a classifier's outputs under its reference's calibration.</summary>
    public ScoreSummary(ClassifierCalibration calibration)
    {
        Calibration = calibration;
        Classes = calibration.Multiclass ? calibration.Maps.Count : 1;
        Tracks = calibration.Multiclass ? 2 * Classes : 1;
        (_rows, _q, _qq) = (new long[Tracks * Bins], new long[Tracks * Bins], new long[Tracks * Bins]);
        _calibrated = new double[Classes];
    }

    /// <summary>The maps the summed probabilities came from.</summary>
    public ClassifierCalibration Calibration { get; }

    /// <summary>1 for a binary model, else the classes.</summary>
    public int Classes { get; }

    /// <summary>Tracks of <see cref="Bins"/> bins.</summary>
    public int Tracks { get; }

    /// <summary>Rows added (rows with a missing output are left out).</summary>
    public long Rows { get; private set; }

    /// <summary>The summary of <paramref name="scores"/> (binary: one per row; multiclass: the classes' probabilities row by row).</summary>
    public static ScoreSummary Of(ClassifierCalibration calibration, ReadOnlySpan<double> scores)
    {
        var summary = new ScoreSummary(calibration);
        for (var i = 0; i + summary.Classes <= scores.Length; i += summary.Classes) summary.Add(scores.Slice(i, summary.Classes));
        return summary;
    }

    /// <summary>
    /// Adds <paramref name="rows"/> rows with these outputs: a binary model's score, or a multiclass model's
    /// probabilities (the predicted class is the first highest, as in the metrics). Allocates nothing.
    /// </summary>
    public void Add(ReadOnlySpan<double> outputs, long rows = 1)
    {
        if (outputs.Length != Classes) throw new ArgumentException($"Expected {Classes} outputs, got {outputs.Length}.", nameof(outputs));
        if (!Calibration.Multiclass)
        {
            if (double.IsNaN(outputs[0])) return;
            Put(0, outputs[0], Calibration.Maps[0].Probability(outputs[0]), rows);
            Rows += rows;
            return;
        }
        double total = 0;
        var best = 0;
        for (var k = 0; k < Classes; k++)
        {
            if (double.IsNaN(outputs[k])) return;
            total += _calibrated[k] = Calibration.Maps[k].Probability(outputs[k]);
            if (outputs[k] > outputs[best]) best = k;
        }
        for (var k = 0; k < Classes; k++)
        {
            var q = total > 0 ? _calibrated[k] / total : 1.0 / Classes;
            Put(k, outputs[k], q, rows);
            if (k == best) Put(Classes + k, outputs[k], q, rows);
        }
        Rows += rows;
    }

    /// <summary>Adds another summary under the same calibration.</summary>
    public void Add(ScoreSummary other)
    {
        if (other.Tracks != Tracks) throw new ArgumentException("The summaries are of different models.", nameof(other));
        for (var i = 0; i < _rows.Length; i++) (_rows[i], _q[i], _qq[i]) = (_rows[i] + other._rows[i], _q[i] + other._q[i], _qq[i] + other._qq[i]);
        Rows += other.Rows;
    }

    /// <summary>A new summary of both.</summary>
    public ScoreSummary Plus(ScoreSummary other)
    {
        var sum = new ScoreSummary(Calibration);
        sum.Add(this);
        sum.Add(other);
        return sum;
    }

    /// <summary>Rows in a bin of a track.</summary>
    public long RowsIn(int track, int bin) => _rows[track * Bins + bin];

    /// <summary>Expected positives of a bin: the sum of its rows' q.</summary>
    public double Expected(int track, int bin) => _q[track * Bins + bin] / Unit;

    /// <summary>Variance of a bin's positives, Σ q(1 − q) (the rows' labels are independent Bernoulli draws).</summary>
    public double Variance(int track, int bin) => Math.Max(0, (_q[track * Bins + bin] - _qq[track * Bins + bin]) / Unit);

    /// <summary>The class whose map a track's q came from.</summary>
    public int ClassOf(int track) => track % Classes;

    /// <summary>The middle of a bin's score range.</summary>
    public static double Centre(int bin) => (bin + 0.5) / Bins;

    /// <summary>
    /// The most that counting a track's rows in one bin as ties can move its expected AUC: within a bin the exact
    /// count of ordered (positive, negative) pairs is between 0 and P_b·N_b, ties count half, so the error is at most
    /// Σ_b P_b·N_b / (2·P·N) with P_b, N_b a bin's expected positives and negatives.
    /// </summary>
    public double AucTieBound(int track)
    {
        double within = 0, positives = 0, negatives = 0;
        for (var b = 0; b < Bins; b++)
        {
            double pos = Expected(track, b), neg = RowsIn(track, b) - pos;
            (within, positives, negatives) = (within + pos * neg, positives + pos, negatives + neg);
        }
        return positives > 0 && negatives > 0 ? within / (2 * positives * negatives) : 0;
    }

    private void Put(int track, double score, double q, long rows)
    {
        var i = track * Bins + Math.Min((int)(Math.Clamp(score, 0, 1) * Bins), Bins - 1);
        _rows[i] += rows;
        _q[i] += rows * (long)Math.Round(q * Unit);
        _qq[i] += rows * (long)Math.Round(q * q * Unit);
    }
}

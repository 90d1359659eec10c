using MLOps.Engine.Statistics;

namespace MLOps.Engine.Drift;

/// <summary>
/// Pearson's chi-square test that two samples of categories come from one distribution, as scipy's
/// <c>chi2_contingency</c> on the 2×k table (Yates' continuity correction when there is one degree of freedom).
/// Categories absent from both samples are left out.
/// </summary>
public static class ChiSquareHomogeneity
{
    /// <summary>Tests the category counts of two samples (the same categories, in the same order).</summary>
    public static (double Statistic, double PValue, int DegreesOfFreedom) Test(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        if (reference.Length != current.Length) throw new ArgumentException("Both samples need a count for every category.");
        double referenceTotal = 0, currentTotal = 0;
        var categories = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            referenceTotal += reference[i];
            currentTotal += current[i];
            if (reference[i] + current[i] > 0) categories++;
        }
        var dof = categories - 1;
        if (dof <= 0 || referenceTotal == 0 || currentTotal == 0) return (0, 1, Math.Max(dof, 0));
        var total = referenceTotal + currentTotal;
        var statistic = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var column = reference[i] + current[i];
            if (column == 0) continue;
            statistic += Term(reference[i], referenceTotal * column / total, dof) + Term(current[i], currentTotal * column / total, dof);
        }
        return (statistic, SpecialFunctions.ChiSquareSurvival(statistic, dof), dof);
    }

    private static double Term(double observed, double expected, int dof)
    {
        var difference = Math.Abs(observed - expected);
        if (dof == 1) difference = Math.Max(difference - 0.5, 0); // Yates, as scipy: never past the expected count
        return difference * difference / expected;
    }
}

namespace MLOps.Engine.Drift;

/// <summary>The first Wasserstein (earth mover's) distance between two samples, as scipy's <c>wasserstein_distance</c>: ∫ |F₁ − F₂|.</summary>
public static class Wasserstein
{
    /// <summary>The distance between two samples in ascending order.</summary>
    public static double Distance(ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        int n1 = first.Length, n2 = second.Length, i = 0, j = 0;
        var distance = 0.0;
        var previous = double.NaN;
        double cdf1 = 0, cdf2 = 0;
        while (i < n1 || j < n2)
        {
            var value = j >= n2 || (i < n1 && first[i] <= second[j]) ? first[i] : second[j];
            if (!double.IsNaN(previous)) distance += Math.Abs(cdf1 - cdf2) * (value - previous);
            while (i < n1 && first[i] <= value) i++;
            while (j < n2 && second[j] <= value) j++;
            (cdf1, cdf2, previous) = ((double)i / n1, (double)j / n2, value);
        }
        return distance;
    }
}

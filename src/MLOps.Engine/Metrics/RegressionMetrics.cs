namespace MLOps.Engine.Metrics;

/// <summary>Metrics of a regression model from targets and predictions, with scikit-learn's definitions.</summary>
public static class RegressionMetrics
{
    /// <summary>The error sums every regression metric reads, from one pass over the rows.</summary>
    public readonly record struct Errors(double Mse, double Mae, double R2, double ExplainedVariance, double MedianAbsoluteError)
    {
        public double Rmse => Math.Sqrt(Mse);

        public static Errors Of(ReadOnlySpan<double> targets, ReadOnlySpan<double> predictions)
        {
            var n = targets.Length;
            double squares = 0, absolute = 0, targetMean = 0, residualMean = 0;
            var absoluteErrors = new double[n];
            for (var i = 0; i < n; i++)
            {
                var residual = targets[i] - predictions[i];
                squares += residual * residual;
                absoluteErrors[i] = Math.Abs(residual);
                absolute += absoluteErrors[i];
                targetMean += targets[i];
                residualMean += residual;
            }
            targetMean /= n;
            residualMean /= n;
            double total = 0, residualVariance = 0;
            for (var i = 0; i < n; i++)
            {
                total += (targets[i] - targetMean) * (targets[i] - targetMean);
                var centred = targets[i] - predictions[i] - residualMean;
                residualVariance += centred * centred;
            }
            return new Errors(squares / n, absolute / n, 1 - squares / total, 1 - residualVariance / total, Median(absoluteErrors));
        }
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}

namespace MLOps.Engine.Learners;

/// <summary>What a binary logistic regression fit produced.</summary>
public sealed record LogisticFit(double Intercept, double[] Weights, MinimizeResult Solver);

/// <summary>
/// Binary logistic regression with an L2 penalty on the weights (not the intercept), minimizing
/// <c>Σ logloss(yᵢ, σ(b + w·xᵢ)) + (L2/2)·‖w‖²</c> — scikit-learn's objective with <c>C = 1/L2</c> —
/// by L-BFGS on the objective divided by the row count (same optimum, better-scaled tolerance).
/// </summary>
public static class LogisticRegression
{
    /// <summary>Fits on a row-major matrix <paramref name="x"/> (rows × <paramref name="width"/>) and 0/1 labels.</summary>
    public static LogisticFit Fit(double[] x, int width, double[] y, double l2, int maxIterations, double tolerance)
    {
        var rows = y.Length;
        var positives = y.Sum();
        var start = new double[width + 1];
        // Start from the intercept-only optimum; weights at zero.
        start[width] = Math.Log(Math.Max(positives, 0.5) / Math.Max(rows - positives, 0.5));
        var scale = 1.0 / rows;

        double Objective(ReadOnlySpan<double> parameters, Span<double> gradient)
        {
            var w = parameters[..width];
            var b = parameters[width];
            gradient.Clear();
            var gw = gradient[..width];
            double loss = 0, gb = 0;
            for (var r = 0; r < rows; r++)
            {
                var row = x.AsSpan(r * width, width);
                var z = b + MLOps.Runtime.VectorMath.Dot(row, w);
                // log(1 + e^z) - y·z, computed without overflow.
                loss += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - y[r] * z;
                var residual = Sigmoid(z) - y[r];
                gb += residual;
                MLOps.Runtime.VectorMath.AddScaled(gw, residual, row);
            }
            var penalty = MLOps.Runtime.VectorMath.Dot(w, w);
            MLOps.Runtime.VectorMath.AddScaled(gw, l2, w);
            for (var j = 0; j < width; j++) gw[j] *= scale;
            gradient[width] = gb * scale;
            return (loss + l2 / 2 * penalty) * scale;
        }

        var result = Lbfgs.Minimize(Objective, start, maxIterations, tolerance);
        return new LogisticFit(result.X[width], result.X[..width], result);
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}

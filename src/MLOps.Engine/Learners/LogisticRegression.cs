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

        // Rows are cut into a fixed number of chunks whatever the thread count; chunk sums are added in chunk order,
        // so the fit is bit-for-bit the same on any machine.
        var chunks = Math.Clamp(rows / 4096, 1, 64);
        var chunkLoss = new double[chunks];
        var chunkGradient = new double[chunks * (width + 1)];

        double Objective(ReadOnlySpan<double> parameters, Span<double> gradient)
        {
            var current = parameters.ToArray();
            Parallel.For(0, chunks, c =>
            {
                var w = current.AsSpan(0, width);
                var b = current[width];
                var g = chunkGradient.AsSpan(c * (width + 1), width + 1);
                g.Clear();
                double loss = 0;
                var end = (int)((long)rows * (c + 1) / chunks);
                for (var r = (int)((long)rows * c / chunks); r < end; r++)
                {
                    var row = x.AsSpan(r * width, width);
                    var z = b + MLOps.Runtime.VectorMath.Dot(row, w);
                    // One exponential serves both: with e = exp(−|z|), log(1 + e^z) = max(z, 0) + log(1 + e) and
                    // σ(z) = 1/(1 + e) for z ≥ 0, e/(1 + e) otherwise; no overflow either way.
                    var e = Math.Exp(-Math.Abs(z));
                    loss += Math.Max(z, 0) + Math.Log(1 + e) - y[r] * z;
                    var residual = (z >= 0 ? 1 : e) / (1 + e) - y[r];
                    g[width] += residual;
                    MLOps.Runtime.VectorMath.AddScaled(g[..width], residual, row);
                }
                chunkLoss[c] = loss;
            });
            gradient.Clear();
            double total = 0;
            for (var c = 0; c < chunks; c++)
            {
                total += chunkLoss[c];
                MLOps.Runtime.VectorMath.AddScaled(gradient, 1, chunkGradient.AsSpan(c * (width + 1), width + 1));
            }
            var weights = parameters[..width];
            var penalty = MLOps.Runtime.VectorMath.Dot(weights, weights);
            MLOps.Runtime.VectorMath.AddScaled(gradient[..width], l2, weights);
            for (var j = 0; j <= width; j++) gradient[j] *= scale;
            return (total + l2 / 2 * penalty) * scale;
        }

        var result = Lbfgs.Minimize(Objective, start, maxIterations, tolerance);
        return new LogisticFit(result.X[width], result.X[..width], result);
    }

}

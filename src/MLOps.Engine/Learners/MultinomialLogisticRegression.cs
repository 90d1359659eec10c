namespace MLOps.Engine.Learners;

/// <summary>What a multinomial logistic regression fit produced: per class an intercept and a weight row (row-major, classes × width).</summary>
public sealed record MultinomialFit(double[] Intercepts, double[] Weights, MinimizeResult Solver);

/// <summary>
/// Multinomial (softmax) logistic regression with an L2 penalty on the weights (not the intercepts), minimizing
/// <c>Σ −log softmax(bₖ + wₖ·xᵢ)[yᵢ] + (L2/2)·Σ‖wₖ‖²</c> — scikit-learn's multinomial objective with C = 1/L2 —
/// by L-BFGS on the objective divided by the row count. Rows are cut into a fixed number of chunks whatever the
/// thread count and chunk sums are added in order, so the fit is the same on any machine.
/// </summary>
public static class MultinomialLogisticRegression
{
    /// <summary>Fits on a row-major matrix <paramref name="x"/> (rows × <paramref name="width"/>) and class indices 0…classes−1.</summary>
    public static MultinomialFit Fit(double[] x, int width, double[] y, int classes, double l2, int maxIterations, double tolerance, CancellationToken cancel = default)
    {
        var rows = y.Length;
        var stride = width + 1; // per class: weights, then the intercept
        var start = new double[classes * stride];
        // Start from the intercept-only optimum: the log of each class's share.
        var counts = new double[classes];
        foreach (var label in y) counts[(int)label]++;
        for (var k = 0; k < classes; k++) start[k * stride + width] = Math.Log(Math.Max(counts[k], 0.5) / rows);
        var scale = 1.0 / rows;
        var chunks = Math.Clamp(rows / 4096, 1, 64);
        var chunkLoss = new double[chunks];
        var chunkGradient = new double[chunks * start.Length];

        double Objective(ReadOnlySpan<double> parameters, Span<double> gradient)
        {
            var current = parameters.ToArray();
            Parallel.For(0, chunks, c =>
            {
                var g = chunkGradient.AsSpan(c * current.Length, current.Length);
                g.Clear();
                Span<double> z = stackalloc double[classes];
                double loss = 0;
                var end = (int)((long)rows * (c + 1) / chunks);
                for (var r = (int)((long)rows * c / chunks); r < end; r++)
                {
                    var row = x.AsSpan(r * width, width);
                    var max = double.NegativeInfinity;
                    for (var k = 0; k < classes; k++)
                    {
                        z[k] = current[k * stride + width] + MLOps.Runtime.VectorMath.Dot(row, current.AsSpan(k * stride, width));
                        max = Math.Max(max, z[k]);
                    }
                    double total = 0;
                    for (var k = 0; k < classes; k++) total += z[k] = Math.Exp(z[k] - max);
                    var label = (int)y[r];
                    loss += Math.Log(total) - Math.Log(z[label]); // −log p(label), without overflow
                    for (var k = 0; k < classes; k++)
                    {
                        var residual = z[k] / total - (k == label ? 1 : 0);
                        g[k * stride + width] += residual;
                        MLOps.Runtime.VectorMath.AddScaled(g.Slice(k * stride, width), residual, row);
                    }
                }
                chunkLoss[c] = loss;
            });
            gradient.Clear();
            double sum = 0;
            for (var c = 0; c < chunks; c++)
            {
                sum += chunkLoss[c];
                MLOps.Runtime.VectorMath.AddScaled(gradient, 1, chunkGradient.AsSpan(c * current.Length, current.Length));
            }
            double penalty = 0;
            for (var k = 0; k < classes; k++)
            {
                var weights = parameters.Slice(k * stride, width);
                penalty += MLOps.Runtime.VectorMath.Dot(weights, weights);
                MLOps.Runtime.VectorMath.AddScaled(gradient.Slice(k * stride, width), l2, weights);
            }
            for (var j = 0; j < gradient.Length; j++) gradient[j] *= scale;
            return (sum + l2 / 2 * penalty) * scale;
        }

        var result = Lbfgs.Minimize(Objective, start, maxIterations, tolerance, cancel);
        var intercepts = Enumerable.Range(0, classes).Select(k => result.X[k * stride + width]).ToArray();
        var weightRows = Enumerable.Range(0, classes).SelectMany(k => result.X.AsSpan(k * stride, width).ToArray()).ToArray();
        return new MultinomialFit(intercepts, weightRows, result);
    }
}

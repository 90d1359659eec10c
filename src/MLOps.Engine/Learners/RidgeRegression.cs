namespace MLOps.Engine.Learners;

/// <summary>What a ridge fit produced.</summary>
public sealed record RidgeFit(double Intercept, double[] Weights);

/// <summary>
/// Linear regression with an L2 penalty on the weights (not the intercept), minimizing
/// <c>‖y − Xw − b‖² + L2·‖w‖²</c> (scikit-learn's Ridge with alpha = L2), solved exactly: centre X and y, then
/// Cholesky on <c>XᵀX + L2·I</c>. Exact in one pass over the rows (width² work per row), deterministic.
/// </summary>
public static class RidgeRegression
{
    /// <summary>Fits on a row-major matrix <paramref name="x"/> (rows × <paramref name="width"/>).</summary>
    /// <exception cref="InvalidOperationException">The system is singular (L2 = 0 with collinear features).</exception>
    public static RidgeFit Fit(double[] x, int width, double[] y, double l2, CancellationToken cancel = default)
    {
        var rows = y.Length;
        var means = new double[width];
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < width; j++) means[j] += x[r * width + j];
        for (var j = 0; j < width; j++) means[j] /= rows;
        var yMean = y.Average();

        var gram = new double[width * width];
        var rhs = new double[width];
        var centred = new double[width];
        for (var r = 0; r < rows; r++)
        {
            if (r % 65536 == 0) cancel.ThrowIfCancellationRequested();
            for (var j = 0; j < width; j++) centred[j] = x[r * width + j] - means[j];
            var target = y[r] - yMean;
            for (var i = 0; i < width; i++)
            {
                rhs[i] += centred[i] * target;
                for (var j = 0; j <= i; j++) gram[i * width + j] += centred[i] * centred[j];
            }
        }
        for (var i = 0; i < width; i++) gram[i * width + i] += l2;
        var weights = CholeskySolve(gram, rhs, width);
        var intercept = yMean;
        for (var j = 0; j < width; j++) intercept -= means[j] * weights[j];
        return new RidgeFit(intercept, weights);
    }

    /// <summary>Solves A·w = b for symmetric positive definite A, given its lower triangle (row-major).</summary>
    private static double[] CholeskySolve(double[] a, double[] b, int n)
    {
        var l = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i * n + j];
                for (var k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
                if (i == j)
                {
                    if (sum <= 0) throw new InvalidOperationException("The features are collinear and L2 is 0: the least-squares solution is not unique.");
                    l[i * n + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }
        var z = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++) sum -= l[i * n + k] * z[k];
            z[i] = sum / l[i * n + i];
        }
        var w = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = z[i];
            for (var k = i + 1; k < n; k++) sum -= l[k * n + i] * w[k];
            w[i] = sum / l[i * n + i];
        }
        return w;
    }
}

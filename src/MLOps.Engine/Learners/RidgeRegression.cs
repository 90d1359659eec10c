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
        var weights = rhs;
        (Cholesky.Factor(gram, width) ?? throw new InvalidOperationException("The features are collinear and L2 is 0: the least-squares solution is not unique.")).Solve(weights);
        var intercept = yMean;
        for (var j = 0; j < width; j++) intercept -= means[j] * weights[j];
        return new RidgeFit(intercept, weights);
    }
}

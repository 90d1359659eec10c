namespace MLOps.Engine.Learners;

/// <summary>The Cholesky factor L (A = L·Lᵀ) of a symmetric positive definite matrix, and solves with it.</summary>
internal sealed class Cholesky
{
    private readonly double[] _l;
    private readonly int _n;

    private Cholesky(double[] l, int n) => (_l, _n) = (l, n);

    /// <summary>Factors A given its lower triangle (row-major, n × n); null when A is not positive definite.</summary>
    public static Cholesky? Factor(double[] a, int n)
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
                    if (!(sum > 0)) return null;
                    l[i * n + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }
        return new Cholesky(l, n);
    }

    /// <summary>Replaces b by A⁻¹·b.</summary>
    public void Solve(Span<double> b)
    {
        var (l, n) = (_l, _n);
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++) sum -= l[i * n + k] * b[k];
            b[i] = sum / l[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var k = i + 1; k < n; k++) sum -= l[k * n + i] * b[k];
            b[i] = sum / l[i * n + i];
        }
    }
}

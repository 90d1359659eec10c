namespace MLOps.Engine.Learners;

/// <summary>A smooth function to minimize: returns f(x) and writes ∇f(x) into the gradient buffer.</summary>
public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>Replaces a vector v by H₀⁻¹·v for a fixed estimate H₀ of the objective's Hessian.</summary>
public delegate void Preconditioner(Span<double> vector);

/// <summary>Where L-BFGS stopped and why.</summary>
public sealed record MinimizeResult(double[] X, double Value, double GradientNorm, int Iterations, bool Converged);

/// <summary>
/// Limited-memory BFGS with a strong-Wolfe line search (Nocedal and Wright, algorithms 7.4, 3.5 and 3.6).
/// Stops when the largest gradient component is at most <c>tolerance</c>. Sequential and deterministic. With a
/// preconditioner, the recursion starts from its H₀⁻¹ instead of a scaled identity: the better H₀, the fewer
/// iterations (each an evaluation of the objective), to the same optimum.
/// </summary>
public static class Lbfgs
{
    private const int Memory = 10;
    private const double C1 = 1e-4;
    private const double C2 = 0.9;

    /// <summary>Minimizes <paramref name="objective"/> from <paramref name="start"/>; <paramref name="cancel"/> is checked every iteration.</summary>
    public static MinimizeResult Minimize(Objective objective, double[] start, int maxIterations, double tolerance, CancellationToken cancel = default,
        Preconditioner? preconditioner = null)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        var f = objective(x, g);
        var s = new double[Memory][];
        var y = new double[Memory][];
        var rho = new double[Memory];
        var alpha = new double[Memory];
        for (var k = 0; k < Memory; k++) { s[k] = new double[n]; y[k] = new double[n]; }
        var stored = 0;
        var newest = -1;
        var direction = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];

        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            cancel.ThrowIfCancellationRequested();
            var norm = MaxAbs(g);
            if (norm <= tolerance) return new MinimizeResult(x, f, norm, iteration, true);

            // Two-loop recursion: direction = -H·g.
            for (var i = 0; i < n; i++) direction[i] = -g[i];
            for (var k = 0; k < stored; k++)
            {
                var j = (newest - k + Memory) % Memory;
                alpha[j] = rho[j] * Dot(s[j], direction);
                Axpy(-alpha[j], y[j], direction);
            }
            if (preconditioner is not null)
            {
                preconditioner(direction);
            }
            else
            {
                var gamma = stored > 0 ? Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]) : 1 / Math.Max(1, Norm2(g));
                for (var i = 0; i < n; i++) direction[i] *= gamma;
            }
            for (var k = stored - 1; k >= 0; k--)
            {
                var j = (newest - k + Memory) % Memory;
                var beta = rho[j] * Dot(y[j], direction);
                Axpy(alpha[j] - beta, s[j], direction);
            }
            if (Dot(direction, g) >= 0)
            {
                // Not a descent direction (curvature lost to rounding): restart from steepest descent.
                stored = 0;
                for (var i = 0; i < n; i++) direction[i] = -g[i] / Math.Max(1, Norm2(g));
            }

            var step = LineSearch(objective, x, f, g, direction, xNew, gNew, out var fNew);
            // No step decreases f: we are at the optimum to rounding. Call it converged when the gradient is small
            // anyway (well below √tolerance), so the caller warns only about a genuine stall.
            if (step == 0 || fNew > f)
                return new MinimizeResult(x, f, norm, iteration, norm <= Math.Sqrt(tolerance) * 1e-2);

            newest = (newest + 1) % Memory;
            for (var i = 0; i < n; i++)
            {
                s[newest][i] = xNew[i] - x[i];
                y[newest][i] = gNew[i] - g[i];
            }
            var sy = Dot(s[newest], y[newest]);
            if (sy > 1e-300)
            {
                rho[newest] = 1 / sy;
                stored = Math.Min(stored + 1, Memory);
            }
            else
            {
                newest = (newest - 1 + Memory) % Memory; // skip an update without positive curvature
            }
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            f = fNew;
        }
        var final = MaxAbs(g);
        return new MinimizeResult(x, f, final, maxIterations, final <= tolerance);
    }

    /// <summary>Finds a step satisfying the strong Wolfe conditions; leaves the point, value and gradient in the out buffers.</summary>
    private static double LineSearch(Objective objective, double[] x, double f0, double[] g0, double[] d, double[] xNew, double[] gNew, out double fNew)
    {
        var dg0 = Dot(g0, d);
        double aPrev = 0, fPrev = f0, dgPrev = dg0;
        var a = 1.0;
        for (var i = 0; i < 40; i++)
        {
            var (f, dg) = Evaluate(objective, x, d, a, xNew, gNew);
            if (f > f0 + C1 * a * dg0 || (i > 0 && f >= fPrev))
                return Zoom(objective, x, f0, dg0, d, aPrev, fPrev, dgPrev, a, f, dg, xNew, gNew, out fNew);
            if (Math.Abs(dg) <= -C2 * dg0) { fNew = f; return a; }
            if (dg >= 0)
                return Zoom(objective, x, f0, dg0, d, a, f, dg, aPrev, fPrev, dgPrev, xNew, gNew, out fNew);
            aPrev = a; fPrev = f; dgPrev = dg;
            a *= 2;
        }
        fNew = fPrev;
        return 0;
    }

    private static double Zoom(Objective objective, double[] x, double f0, double dg0, double[] d,
        double lo, double fLo, double dgLo, double hi, double fHi, double dgHi, double[] xNew, double[] gNew, out double fNew)
    {
        for (var i = 0; i < 60; i++)
        {
            var a = CubicMinimum(lo, fLo, dgLo, hi, fHi, dgHi);
            var (f, dg) = Evaluate(objective, x, d, a, xNew, gNew);
            if (f > f0 + C1 * a * dg0 || f >= fLo)
            {
                hi = a; fHi = f; dgHi = dg;
            }
            else
            {
                if (Math.Abs(dg) <= -C2 * dg0) { fNew = f; return a; }
                if (dg * (hi - lo) >= 0) { hi = lo; fHi = fLo; dgHi = dgLo; }
                lo = a; fLo = f; dgLo = dg;
            }
            if (Math.Abs(hi - lo) <= 1e-16 * Math.Max(1, Math.Abs(lo))) break;
        }
        // The interval collapsed at rounding level: accept the best point found if it decreased f.
        var (fl, _) = Evaluate(objective, x, d, lo, xNew, gNew);
        fNew = fl;
        return fl < f0 ? lo : 0;
    }

    /// <summary>The minimizer of the cubic through two points with slopes, kept well inside the interval.</summary>
    private static double CubicMinimum(double a0, double f0, double d0, double a1, double f1, double d1)
    {
        var lower = Math.Min(a0, a1);
        var upper = Math.Max(a0, a1);
        var margin = 0.1 * (upper - lower);
        var t1 = d0 + d1 - 3 * (f0 - f1) / (a0 - a1);
        var discriminant = t1 * t1 - d0 * d1;
        if (discriminant >= 0)
        {
            var t2 = Math.Sign(a1 - a0) * Math.Sqrt(discriminant);
            var a = a1 - (a1 - a0) * (d1 + t2 - t1) / (d1 - d0 + 2 * t2);
            if (double.IsFinite(a) && a > lower + margin && a < upper - margin) return a;
        }
        return (a0 + a1) / 2;
    }

    private static (double F, double Dg) Evaluate(Objective objective, double[] x, double[] d, double a, double[] xNew, double[] gNew)
    {
        for (var i = 0; i < x.Length; i++) xNew[i] = x[i] + a * d[i];
        var f = objective(xNew, gNew);
        return (f, Dot(gNew, d));
    }

    private static double Dot(double[] a, double[] b) => MLOps.Runtime.VectorMath.Dot(a, b);
    private static void Axpy(double alpha, double[] x, double[] y) => MLOps.Runtime.VectorMath.AddScaled(y, alpha, x);
    private static double Norm2(double[] v) => Math.Sqrt(Dot(v, v));

    private static double MaxAbs(double[] v)
    {
        var m = 0.0;
        foreach (var e in v) m = Math.Max(m, Math.Abs(e));
        return m;
    }
}

using System.Globalization;

namespace MLOps.Engine.Diagnostics;

/// <summary>
/// Reports and messages read the same on every machine: while a build step runs or a report renders, the culture is
/// the invariant one, so every number in them (4,000 rows, 0.8291) is written alike whatever the machine's culture,
/// in an interpolation hole, a nested helper or a chart label. The culture flows to the step's parallel work and goes
/// back when the scope ends.
/// </summary>
public readonly struct InvariantCultureScope : IDisposable
{
    private readonly CultureInfo _before;

    private InvariantCultureScope(CultureInfo before) => _before = before;

    public static InvariantCultureScope Enter()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        return new InvariantCultureScope(before);
    }

    public void Dispose() => CultureInfo.CurrentCulture = _before;
}

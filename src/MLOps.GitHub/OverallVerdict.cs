using MLOps.Engine.Reports;

namespace MLOps.GitHub;

/// <summary>The verdict of a report of several models: what its exit code (or a Cake script's result) says.</summary>
public static class OverallVerdict
{
    /// <summary>Failed when a model failed; Inconclusive when every model had only inconclusive or skipped gates; else Passed.</summary>
    public static BuildVerdict Of(IEnumerable<BuildVerdict> verdicts)
    {
        var all = verdicts.ToArray();
        return all.Contains(BuildVerdict.Failed) ? BuildVerdict.Failed
            : all.Length > 0 && all.All(v => v == BuildVerdict.Inconclusive) ? BuildVerdict.Inconclusive
            : BuildVerdict.Passed;
    }
}

using MLOps.Engine.Diagnostics;
using Octokit;

namespace MLOps.GitHub;

/// <summary>The build's diagnostics as check-run annotations at the data files' lines.</summary>
internal static class Annotations
{
    /// <summary>GitHub takes at most this many annotations a request (more: 422).</summary>
    public const int PerRequest = 50;

    /// <summary>Annotations a check run gets at most; the summary says how many more there were.</summary>
    public const int Cap = 500;

    /// <summary>Annotations for the diagnostics in files inside the repository, at most <see cref="Cap"/>; and how many were left out.</summary>
    public static (IReadOnlyList<NewCheckRunAnnotation> Annotations, int LeftOut) From(BuildDiagnostics? diagnostics)
    {
        var inRepository = (diagnostics?.All ?? []).Where(d => !Path.IsPathRooted(d.File)).ToArray();
        var annotations = inRepository.Take(Cap).Select(d =>
        {
            var line = Math.Max(1, d.Line);
            return new NewCheckRunAnnotation(d.File, line, line, Level(d.Severity), d.Message)
            {
                Title = d.Code,
                StartColumn = d.Column > 0 ? d.Column : null,
                EndColumn = d.Column > 0 ? d.Column : null,
            };
        }).ToArray();
        return (annotations, (diagnostics?.All.Count() ?? 0) - annotations.Length);
    }

    private static CheckAnnotationLevel Level(Severity severity) => severity switch
    {
        Severity.Error => CheckAnnotationLevel.Failure,
        Severity.Warning => CheckAnnotationLevel.Warning,
        _ => CheckAnnotationLevel.Notice,
    };
}

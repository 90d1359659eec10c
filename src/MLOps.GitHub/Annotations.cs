using System.Security.Cryptography;
using System.Text;
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

    /// <summary>
    /// What identifies a set of annotations, kept in the check run's <c>external_id</c>: SHA-256 over each one's path,
    /// lines, columns, level, title and message, in order.
    /// </summary>
    public static string Hash(IReadOnlyList<NewCheckRunAnnotation> annotations)
    {
        var text = new StringBuilder();
        foreach (var a in annotations)
            text.Append(a.Path).Append('\0').Append(a.StartLine).Append('\0').Append(a.EndLine).Append('\0').Append(a.StartColumn).Append('\0').Append(a.EndColumn)
                .Append('\0').Append(a.AnnotationLevel?.StringValue).Append('\0').Append(a.Title).Append('\0').Append(a.Message).Append('\n');
        return "mlops-annotations:sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }

    private static CheckAnnotationLevel Level(Severity severity) => severity switch
    {
        Severity.Error => CheckAnnotationLevel.Failure,
        Severity.Warning => CheckAnnotationLevel.Warning,
        _ => CheckAnnotationLevel.Notice,
    };
}

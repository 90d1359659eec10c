using System.Text.Json;
using System.Text.Json.Serialization;
using MLOps.Engine.IO;

namespace MLOps.Engine.Diagnostics;

/// <summary>The steps of a model build, in the order they run; each records its own diagnostics.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BuildStep>))]
public enum BuildStep { Validate, Train, Evaluate, Gate }

/// <summary>One diagnostic as recorded: <see cref="File"/> is relative to <see cref="BuildDiagnostics.Root"/> (with <c>/</c>) when it lies inside it.</summary>
public sealed record RecordedDiagnostic(string Code, Severity Severity, string File, int Line, int Column, string Message);

/// <summary>What one step reported the last time it ran.</summary>
public sealed record StepDiagnostics(BuildStep Step, IReadOnlyList<RecordedDiagnostic> Diagnostics);

/// <summary>
/// The diagnostics file (<c>ModelDiagnosticsPath</c>): what the build's steps reported, so they can be shown after the
/// build (GitHub annotations, say). A step that runs replaces its own section; a step skipped as up to date keeps the
/// section of the build that made its outputs. A step with errors stops the build, so later steps' sections go.
/// </summary>
public sealed record BuildDiagnostics(string Model, string Root, IReadOnlyList<StepDiagnostics> Steps)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Every recorded diagnostic, in step order.</summary>
    [JsonIgnore] public IEnumerable<RecordedDiagnostic> All => Steps.SelectMany(s => s.Diagnostics);

    /// <summary>Whether a step before the gate reported an error: then the build stopped before gating.</summary>
    [JsonIgnore] public bool FailedBeforeGate => Steps.Any(s => s.Step != BuildStep.Gate && s.Diagnostics.Any(d => d.Severity == Severity.Error));

    /// <summary>
    /// Records what <paramref name="step"/> reported in the file at <paramref name="path"/>, atomically. Files are shown
    /// relative to the repository around <paramref name="projectFile"/> (or its folder when there is none); diagnostics
    /// without a file are about the project file.
    /// </summary>
    public static void Record(string path, string model, BuildStep step, IReadOnlyList<Diagnostic> diagnostics, string projectFile)
    {
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        var root = RepositoryRoot(projectDirectory) ?? projectDirectory;
        var recorded = diagnostics.Select(d => new RecordedDiagnostic(d.Code, d.Severity,
            RelativeTo(root, Path.GetFullPath(d.File ?? projectFile, projectDirectory)), d.Line, d.Column, d.Message)).ToArray();
        var failed = recorded.Any(d => d.Severity == Severity.Error);
        var kept = (TryRead(path) is { } last && last.Root == root ? last.Steps : [])
            .Where(s => s.Step < step || (s.Step > step && !failed));
        var steps = kept.Append(new StepDiagnostics(step, recorded)).OrderBy(s => s.Step).ToArray();
        new BuildDiagnostics(model, root, steps).Write(path);
    }

    /// <summary>
    /// <paramref name="step"/> was skipped: its outputs are those of the last successful build, so its section stays,
    /// unless a failed run (with errors) replaced it since; that section no longer describes the outputs and goes.
    /// </summary>
    public static void Skipped(string path, BuildStep step)
    {
        if (TryRead(path) is not { } last || !last.Steps.Any(s => s.Step == step && s.Diagnostics.Any(d => d.Severity == Severity.Error))) return;
        var steps = last.Steps.Where(s => s.Step != step).ToArray();
        (last with { Steps = steps }).Write(path);
    }

    /// <summary>The file at <paramref name="path"/>, or null when it is missing or not a diagnostics file.</summary>
    public static BuildDiagnostics? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<BuildDiagnostics>(File.ReadAllBytes(path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Write(string path) => AtomicFile.WriteAllBytes(path, [.. JsonSerializer.SerializeToUtf8Bytes(this, Json), (byte)'\n']);

    /// <summary>The nearest folder at or above <paramref name="directory"/> with a <c>.git</c> folder or file (a worktree's).</summary>
    private static string? RepositoryRoot(string directory)
    {
        for (var at = new DirectoryInfo(directory); at is not null; at = at.Parent)
            if (Directory.Exists(Path.Combine(at.FullName, ".git")) || File.Exists(Path.Combine(at.FullName, ".git"))) return at.FullName;
        return null;
    }

    private static string RelativeTo(string root, string fullPath)
    {
        var relative = Path.GetRelativePath(root, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative.Replace('\\', '/');
    }
}

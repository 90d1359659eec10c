using System.Diagnostics;
using System.Text.Json;
using MLOps.Engine.Diagnostics;

namespace MLOps.Cli;

/// <summary>One item of an evaluated project: as written (<c>Identity</c>), as a full path, and its metadata.</summary>
internal sealed record EvaluatedItem(string Identity, string FullPath, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// A project's properties and items as MSBuild evaluates them, read with <c>dotnet msbuild -getProperty -getItem</c>
/// (one process per project, nothing built or written). Not Microsoft.Build.Locator: the tool also runs on .NET 8, and
/// the MSBuild of the .NET 10 SDK cannot load into a .NET 8 process (docs/cli.md, "How mlops reads projects").
/// </summary>
internal sealed record ProjectEvaluation(IReadOnlyDictionary<string, string> Properties, IReadOnlyDictionary<string, IReadOnlyList<EvaluatedItem>> Items)
{
    /// <summary>A property's value, or null when it is empty.</summary>
    public string? Property(string name) => Properties.GetValueOrDefault(name) is { Length: > 0 } value ? value : null;

    /// <summary>An item type's items (none when it has none).</summary>
    public IReadOnlyList<EvaluatedItem> Item(string name) => Items.GetValueOrDefault(name) ?? [];

    /// <summary>
    /// Evaluates <paramref name="project"/> (with <paramref name="globalProperties"/>, Name=Value): its <paramref name="properties"/>
    /// and <paramref name="items"/>. Null, with an error, when it cannot be evaluated; <paramref name="cancel"/> ends <c>dotnet msbuild</c> and throws.
    /// </summary>
    public static ProjectEvaluation? Read(string project, string? configuration, IReadOnlyList<string> properties, DiagnosticBag diagnostics,
        IReadOnlyList<string>? items = null, IReadOnlyList<string>? globalProperties = null, CancellationToken cancel = default)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(project)! };
        foreach (var argument in (string[])["msbuild", project, "-nologo", .. properties.Select(p => $"-getProperty:{p}"), .. (items ?? []).Select(i => $"-getItem:{i}")])
            start.ArgumentList.Add(argument);
        if (configuration is not null) start.ArgumentList.Add($"-p:Configuration={configuration}");
        foreach (var property in globalProperties ?? []) start.ArgumentList.Add($"-p:{property}");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (cancel.Register(() => process.Kill(entireProcessTree: true))) process.WaitForExit(); // Ctrl+C: no waiting for MSBuild
        cancel.ThrowIfCancellationRequested();
        var text = output.Result;
        var json = text.IndexOf('{') is var at and >= 0 ? text[at..] : "";
        try
        {
            if (process.ExitCode == 0 && json.Length > 0)
            {
                using var document = JsonDocument.Parse(json);
                var values = document.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
                var found = new Dictionary<string, IReadOnlyList<EvaluatedItem>>();
                if (document.RootElement.TryGetProperty("Items", out var itemTypes))
                    foreach (var type in itemTypes.EnumerateObject())
                        found[type.Name] = type.Value.EnumerateArray().Select(Item).ToArray();
                return new ProjectEvaluation(values, found);
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
        }
        diagnostics.Error(DiagnosticCodes.ProjectNotEvaluated,
            $"dotnet msbuild could not evaluate {project} (exit {process.ExitCode}): {(text + error.Result).Trim()}. Is it restored? Or pass the folder of its outputs.", project);
        return null;
    }

    private static EvaluatedItem Item(JsonElement item)
    {
        var metadata = item.EnumerateObject().ToDictionary(m => m.Name, m => m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString() ?? "" : m.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new EvaluatedItem(metadata.GetValueOrDefault("Identity", ""), metadata.GetValueOrDefault("FullPath", ""), metadata);
    }
}

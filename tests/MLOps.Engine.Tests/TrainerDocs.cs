using System.Globalization;
using System.Text.RegularExpressions;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Tests;

/// <summary>
/// Checks a trainer's section of docs/trainers.md against its schema: a heading <c>## Name (tasks)</c> and a table of
/// every parameter with its default. Shared by the built-ins' test and plug-in assemblies' tests (MLOps.MLNet.Tests links it).
/// </summary>
public static class TrainerDocs
{
    /// <summary>docs/trainers.md, found from the test's output folder up (not [CallerFilePath]: CI maps source paths to /_/).</summary>
    public static string Read()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MLOps.Build.sln"))) return File.ReadAllText(Path.Combine(dir.FullName, "docs", "trainers.md"));
        throw new InvalidOperationException("Cannot find the repository root.");
    }

    /// <summary>What the trainer's section gets wrong, empty when it says what the schema says.</summary>
    public static IReadOnlyList<string> Problems(string docs, ITrainer trainer)
    {
        var name = trainer.Name;
        var heading = Regex.Match(docs, $@"^## {Regex.Escape(name)} \((?<tasks>[^)]*)\)$", RegexOptions.Multiline);
        if (!heading.Success) return [$"docs/trainers.md has no '## {name} (tasks)' section"];
        var problems = new List<string>();
        var tasks = heading.Groups["tasks"].Value;
        var expectedTasks = trainer.Tasks.Count == ModelTasks.All.Count && trainer.Parameters is null ? "every task" : string.Join(", ", trainer.Tasks.Select(t => t.Name()));
        if (tasks != expectedTasks) problems.Add($"{name}: the heading says '{tasks}', the schema '{expectedTasks}'");

        var start = heading.Index + heading.Length;
        var next = docs.IndexOf("\n## ", start, StringComparison.Ordinal);
        var section = docs[start..(next < 0 ? docs.Length : next)];
        var rows = Regex.Matches(section, @"^\| `(?<name>\w+)` \| (?<default>[^|]+) \|", RegexOptions.Multiline);
        foreach (var parameter in trainer.Parameters ?? [])
            if (!section.Contains($"`{parameter.Name}`", StringComparison.Ordinal)) problems.Add($"{name}: parameter `{parameter.Name}` is not named");
        if (rows.Count == 0) return problems; // parameters named in prose, as LinearRegression's are
        var documented = rows.Select(r => r.Groups["name"].Value).ToArray();
        var schema = trainer.Parameters!.Select(p => p.Name).ToArray();
        if (!documented.SequenceEqual(schema)) problems.Add($"{name}: the table lists {string.Join(", ", documented)}, the schema {string.Join(", ", schema)}");
        foreach (var (parameter, row) in trainer.Parameters!.Zip(rows))
        {
            var written = double.Parse(row.Groups["default"].Value.Trim(), CultureInfo.InvariantCulture);
            if (!parameter.Default.Equals(written)) problems.Add($"{name}: `{parameter.Name}` defaults to {parameter.Default} in the schema, {written} in the table");
        }
        return problems;
    }
}

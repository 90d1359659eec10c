using System.Globalization;
using System.Text.RegularExpressions;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// Checks a trainer's section of docs/trainers.md against its schema: a heading <c>## Name (tasks)</c> and a table of
/// every parameter with its default. Shared by the built-ins' test and plug-in assemblies' tests (MLOps.MLNet.Tests links it).
/// </summary>
public static class TrainerDocs
{
    public static void AssertDocumented(string docs, ITrainer trainer)
    {
        var name = trainer.Name;
        var heading = Regex.Match(docs, $@"^## {Regex.Escape(name)} \((?<tasks>[^)]*)\)$", RegexOptions.Multiline);
        Assert.True(heading.Success, $"docs/trainers.md has no '## {name} (tasks)' section");
        var tasks = heading.Groups["tasks"].Value;
        Assert.Equal(trainer.Tasks.Count == ModelTasks.All.Count && trainer.Parameters is null ? "every task" : string.Join(", ", trainer.Tasks.Select(t => t.Name())), tasks);

        var start = heading.Index + heading.Length;
        var next = docs.IndexOf("\n## ", start, StringComparison.Ordinal);
        var section = docs[start..(next < 0 ? docs.Length : next)];
        var rows = Regex.Matches(section, @"^\| `(?<name>\w+)` \| (?<default>[^|]+) \|", RegexOptions.Multiline);
        foreach (var parameter in trainer.Parameters ?? [])
            Assert.Contains($"`{parameter.Name}`", section);
        if (rows.Count == 0) return; // parameters named in prose, as LinearRegression's are
        Assert.Equal(trainer.Parameters!.Select(p => p.Name), rows.Select(r => r.Groups["name"].Value));
        foreach (var (parameter, row) in trainer.Parameters!.Zip(rows))
            Assert.Equal(parameter.Default, double.Parse(row.Groups["default"].Value.Trim(), CultureInfo.InvariantCulture));
    }
}

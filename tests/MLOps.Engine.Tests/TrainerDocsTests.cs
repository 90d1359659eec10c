using System.Globalization;
using System.Text.RegularExpressions;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>docs/trainers.md says what each built-in trainer's schema says: its tasks, its parameters and their defaults.</summary>
public sealed class TrainerDocsTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(DocumentationTests.Root, "docs", "trainers.md"));

    public static TheoryData<string> BuiltIns() => [.. TrainerRegistry.All.Where(t => t.GetType().Assembly == typeof(ITrainer).Assembly).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Each_built_in_trainer_has_a_section_naming_its_tasks_and_every_parameter_with_its_default(string name)
    {
        var trainer = TrainerRegistry.Find(name)!;
        var heading = Regex.Match(Docs, $@"^## {name} \((?<tasks>[^)]*)\)$", RegexOptions.Multiline);
        Assert.True(heading.Success, $"docs/trainers.md has no '## {name} (tasks)' section");
        var tasks = heading.Groups["tasks"].Value;
        Assert.Equal(trainer.Tasks.Count == ModelTasks.All.Count && trainer.Parameters is null ? "every task" : string.Join(", ", trainer.Tasks.Select(t => t.Name())), tasks);

        var start = heading.Index + heading.Length;
        var next = Docs.IndexOf("\n## ", start, StringComparison.Ordinal);
        var section = Docs[start..(next < 0 ? Docs.Length : next)];
        var rows = Regex.Matches(section, @"^\| `(?<name>\w+)` \| (?<default>[^|]+) \|", RegexOptions.Multiline);
        foreach (var parameter in trainer.Parameters ?? [])
            Assert.Contains($"`{parameter.Name}`", section);
        if (rows.Count == 0) return; // parameters named in prose, as LinearRegression's are
        Assert.Equal(trainer.Parameters!.Select(p => p.Name), rows.Select(r => r.Groups["name"].Value));
        foreach (var (parameter, row) in trainer.Parameters!.Zip(rows))
            Assert.Equal(parameter.Default, double.Parse(row.Groups["default"].Value.Trim(), CultureInfo.InvariantCulture));
    }
}

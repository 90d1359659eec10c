using MLOps.Engine.Tests;
using MLOps.Engine.Trainers;
using Xunit;

namespace MLOps.MLNet.Tests;

/// <summary>docs/trainers.md has a section for every ML.NET trainer that says what its schema says.</summary>
public sealed class MLNetDocsTests
{
    // From the test's output folder up, not [CallerFilePath]: CI builds map source paths to /_/ (deterministic builds).
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MLOps.Build.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root.");
    }

    public static TheoryData<string> Trainers()
    {
        TrainerRegistry.RegisterFrom(typeof(MLNetTrainer).Assembly);
        return [.. TrainerRegistry.All.Where(t => t is MLNetTrainer).Select(t => t.Name)];
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Each_trainer_has_a_section_naming_its_tasks_and_every_parameter_with_its_default(string name) =>
        TrainerDocs.AssertDocumented(File.ReadAllText(Path.Combine(Root(), "docs", "trainers.md")), TrainerRegistry.Find(name)!);
}

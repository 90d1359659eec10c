using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>docs/trainers.md says what each built-in trainer's schema says: its tasks, its parameters and their defaults.</summary>
public sealed class TrainerDocsTests
{
    private static readonly string Docs = TrainerDocs.Read();

    public static TheoryData<string> BuiltIns() => [.. TrainerRegistry.All.Where(t => t.GetType().Assembly == typeof(ITrainer).Assembly).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Each_built_in_trainer_has_a_section_naming_its_tasks_and_every_parameter_with_its_default(string name) =>
        Assert.Empty(TrainerDocs.Problems(Docs, TrainerRegistry.Find(name)!));
}

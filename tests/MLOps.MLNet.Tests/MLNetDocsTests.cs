using MLOps.Engine.Tests;
using MLOps.Engine.Trainers;
using Xunit;

namespace MLOps.MLNet.Tests;

/// <summary>docs/trainers.md has a section for every ML.NET trainer that says what its schema says.</summary>
public sealed class MLNetDocsTests
{
    public static TheoryData<string> Trainers()
    {
        TrainerRegistry.RegisterFrom(typeof(MLNetTrainer).Assembly);
        return [.. TrainerRegistry.All.Where(t => t is MLNetTrainer).Select(t => t.Name)];
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Each_trainer_has_a_section_naming_its_tasks_and_every_parameter_with_its_default(string name) =>
        Assert.Empty(TrainerDocs.Problems(TrainerDocs.Read(), TrainerRegistry.Find(name)!));
}

using System.Reflection;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Trainers;

/// <summary>
/// The trainers this build knows, by name: the built-in ones, then those registered from other assemblies, either
/// explicitly (<see cref="Register"/>) or through an assembly's <see cref="TrainerAttribute"/>s when a front end loads
/// it (<see cref="RegisterFrom"/>). Lists keep registration order, so messages and docs list built-ins first.
/// </summary>
public static class TrainerRegistry
{
    private static readonly object Gate = new();
    private static ITrainer[] _trainers =
        [new LogisticRegressionTrainer(), new LinearRegressionTrainer(), new GradientBoostedTreesTrainer(), new ExternalTrainer()];

    /// <summary>Every trainer, built-ins first.</summary>
    public static IReadOnlyList<ITrainer> All => Volatile.Read(ref _trainers);

    /// <summary>The trainer a project names, or null (names are case-sensitive, as written in <c>Trainer</c>).</summary>
    public static ITrainer? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>The trainers that train <paramref name="task"/>.</summary>
    public static IReadOnlyList<ITrainer> For(ModelTask task) => All.Where(t => t.Tasks.Contains(task)).ToArray();

    /// <summary>The trainer a project of this task gets when it sets no <c>Trainer</c>: the built-in linear one that trains the task.</summary>
    public static ITrainer DefaultFor(ModelTask task) => task == ModelTask.Regression ? Find(LinearRegressionTrainer.TrainerName)! : Find(LogisticRegressionTrainer.TrainerName)!;

    /// <summary>Adds a trainer; registering the same type again does nothing, another trainer of a taken name throws.</summary>
    public static void Register(ITrainer trainer)
    {
        lock (Gate)
        {
            if (_trainers.FirstOrDefault(t => t.Name == trainer.Name) is { } taken)
            {
                if (taken.GetType() == trainer.GetType()) return;
                throw new InvalidOperationException($"A trainer named '{trainer.Name}' is already registered ({taken.GetType().FullName}); {trainer.GetType().FullName} cannot take its name.");
            }
            Volatile.Write(ref _trainers, [.. _trainers, trainer]);
        }
    }

    /// <summary>Registers every trainer an assembly names in its <see cref="TrainerAttribute"/>s, and its pretrained-model readers (<see cref="PretrainedModelReaders"/>).</summary>
    public static void RegisterFrom(Assembly assembly)
    {
        foreach (var attribute in assembly.GetCustomAttributes<TrainerAttribute>())
            Register((ITrainer)Activator.CreateInstance(attribute.TrainerType)!);
        PretrainedModelReaders.RegisterFrom(assembly);
    }
}

/// <summary>Names a trainer an assembly brings: <c>[assembly: Trainer(typeof(MyTrainer))]</c>; the type needs a public parameterless constructor.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class TrainerAttribute(Type trainerType) : Attribute
{
    public Type TrainerType { get; } = typeof(ITrainer).IsAssignableFrom(trainerType)
        ? trainerType
        : throw new ArgumentException($"{trainerType.FullName} does not implement {nameof(ITrainer)}.", nameof(trainerType));
}

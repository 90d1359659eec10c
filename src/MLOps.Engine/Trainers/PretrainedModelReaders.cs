using System.Reflection;
using MLOps.Engine.Data;

namespace MLOps.Engine.Trainers;

/// <summary>
/// Turns a model file another library wrote (an ML.NET .zip) into an MLOps model, for <c>PretrainedModel</c>. Plug-in
/// assemblies bring readers as they bring trainers, so the engine never references the library.
/// </summary>
public interface IPretrainedModelReader
{
    /// <summary>The file extension it reads, with the dot (<c>.zip</c>).</summary>
    string Extension { get; }

    /// <summary>
    /// The model, converted and checked on the evaluation rows, as if <paramref name="request"/>'s trainer had made it;
    /// or null with a coded error in the request's diagnostics.
    /// </summary>
    TrainedModel? Read(DataFile file, TrainingRequest request);
}

/// <summary>The pretrained-model readers this build knows, by extension (none built in: the .json model format is the engine's own).</summary>
public static class PretrainedModelReaders
{
    private static readonly object Gate = new();
    private static IPretrainedModelReader[] _readers = [];

    /// <summary>The reader of files with <paramref name="extension"/> (any case), or null.</summary>
    public static IPretrainedModelReader? Find(string extension) =>
        Volatile.Read(ref _readers).FirstOrDefault(r => string.Equals(r.Extension, extension, StringComparison.OrdinalIgnoreCase));

    /// <summary>Adds a reader; one of a type already registered does nothing.</summary>
    public static void Register(IPretrainedModelReader reader)
    {
        lock (Gate)
            if (!_readers.Any(r => r.GetType() == reader.GetType()))
                Volatile.Write(ref _readers, [.. _readers, reader]);
    }

    /// <summary>Registers every reader an assembly names in its <see cref="PretrainedModelReaderAttribute"/>s.</summary>
    public static void RegisterFrom(Assembly assembly)
    {
        foreach (var attribute in assembly.GetCustomAttributes<PretrainedModelReaderAttribute>())
            Register((IPretrainedModelReader)Activator.CreateInstance(attribute.ReaderType)!);
    }
}

/// <summary>Names a reader an assembly brings: <c>[assembly: PretrainedModelReader(typeof(MyReader))]</c>; the type needs a public parameterless constructor.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class PretrainedModelReaderAttribute(Type readerType) : Attribute
{
    public Type ReaderType { get; } = typeof(IPretrainedModelReader).IsAssignableFrom(readerType)
        ? readerType
        : throw new ArgumentException($"{readerType.FullName} does not implement {nameof(IPretrainedModelReader)}.", nameof(readerType));
}

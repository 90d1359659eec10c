namespace MLOps.Engine.Data;

/// <summary>A data file: where to read it and how to name it in messages (as the user wrote it, e.g. <c>data/train.csv</c>).</summary>
public sealed record DataFile(string FullPath, string DisplayPath)
{
    /// <summary>A file named by a path relative to <paramref name="baseDirectory"/> (or absolute).</summary>
    public static DataFile Resolve(string baseDirectory, string path) => new(Path.GetFullPath(path, baseDirectory), path);
}

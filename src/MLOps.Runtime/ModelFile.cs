namespace MLOps.Runtime;

/// <summary>Where <see cref="Model.Load(string)"/> looks for a model file.</summary>
internal static class ModelFile
{
    /// <summary>
    /// An absolute path as it is; a relative one against <paramref name="currentDirectory"/>, then
    /// <paramref name="appDirectory"/>, whichever has the file first.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither has it; the message names every place tried.</exception>
    public static string Find(string path, string currentDirectory, string appDirectory)
    {
        if (Path.IsPathFullyQualified(path)) return path;
        var places = new[] { Path.GetFullPath(path, currentDirectory), Path.GetFullPath(path, appDirectory) }.Distinct().ToArray();
        return places.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            $"Model file '{path}' was not found. Looked for {string.Join(" and ", places)} (a relative path is tried against the current directory, then the app's folder).", path);
    }
}

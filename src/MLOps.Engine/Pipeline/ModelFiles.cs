using MLOps.Engine.Diagnostics;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>Loads a model file, reporting a missing or unreadable one with the given code.</summary>
internal static class ModelFiles
{
    public static Model? Load(string path, string missingCode, DiagnosticBag diagnostics, string? displayPath = null)
    {
        var shown = displayPath ?? path;
        if (!File.Exists(path))
        {
            diagnostics.Error(missingCode, $"The model file {path} does not exist{(missingCode == DiagnosticCodes.ModelNotFound ? "; TrainModel must run first" : "")}.", shown);
            return null;
        }
        try
        {
            return Model.Load(path);
        }
        catch (InvalidDataException e)
        {
            diagnostics.Error(missingCode == DiagnosticCodes.ModelNotFound ? DiagnosticCodes.ModelUnreadable : missingCode, e.Message, shown);
            return null;
        }
    }
}

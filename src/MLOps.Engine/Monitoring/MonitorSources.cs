using MLOps.Engine.Diagnostics;
using MLOps.Engine.Registry;
using MLOps.Runtime;
using MLOps.Runtime.Monitoring;

namespace MLOps.Engine.Monitoring;

/// <summary>The package's reference profile and model, as monitoring reads them.</summary>
public sealed record ReferenceModel(ScoringProfile Profile, Model? Model);

/// <summary>
/// Finds what monitoring compares against, from what a user names: a reference <c>.profile.json</c> alone, a
/// <c>.model.json</c> with its profile beside it (a build's outputs), or a model package (read by the registry).
/// </summary>
public static class MonitorSources
{
    /// <summary>A local file or folder: null when <paramref name="path"/> is neither a profile nor a model file (a package: see <see cref="FromPackage"/>).</summary>
    public static ReferenceModel? FromModelFile(string path, string display, DiagnosticBag diagnostics)
    {
        try
        {
            if (path.EndsWith(".profile.json", StringComparison.OrdinalIgnoreCase)) return new ReferenceModel(ProfileFormat.Read(path), null);
            var document = ModelFormat.FromBytes(File.ReadAllBytes(path), path);
            if (ScoredByMLNet(document, display, diagnostics)) return null;
            var model = new Model(document);
            return PackagedProfile.FromFolder(Path.GetDirectoryName(path)!, model.Document.Name) is { } beside
                ? new ReferenceModel(beside, model) : NoProfile(display, model.Document.Name, diagnostics);
        }
        catch (InvalidDataException e)
        {
            diagnostics.Error(DiagnosticCodes.MonitorProfileUnreadable, e.Message, display);
            return null;
        }
    }

    /// <summary>Whether a path names a model or profile file rather than a package.</summary>
    public static bool IsModelFile(string path) =>
        File.Exists(path) && (path.EndsWith(".profile.json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".model.json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The profile and model a package (read from bytes, or from <paramref name="folder"/> when extracted) carries, or null with an error.</summary>
    public static ReferenceModel? FromPackage(PublishedModel package, string? folder, string display, DiagnosticBag diagnostics)
    {
        if (ScoredByMLNet(package.Model, display, diagnostics)) return null;
        if (package.LoadModel() is not { } model)
        {
            diagnostics.Error(DiagnosticCodes.NotAModelPackage, $"{display} holds no readable models/*.model.json.", display);
            return null;
        }
        try
        {
            var name = package.Lineage.Model;
            var profile = package.Package is { } bytes ? PackagedProfile.FromPackage(bytes, name, display)
                : folder is not null ? PackagedProfile.FromFolder(folder, name) : null;
            return profile is null ? NoProfile(display, name, diagnostics) : new ReferenceModel(profile, model);
        }
        catch (InvalidDataException e)
        {
            diagnostics.Error(DiagnosticCodes.MonitorProfileUnreadable, e.Message, display);
            return null;
        }
    }

    // Checked before the profile: the build writes none for such a model, and "packed without monitoring" would mislead.
    private static bool ScoredByMLNet(ModelDocument? model, string display, DiagnosticBag diagnostics)
    {
        if (!MLNetScoredModels.Is(model)) return false;
        MLNetScoredModels.Refuse(DiagnosticCodes.MonitorMLNetModel, model!, "monitoring compares current data with the reference profile a build writes for a model MLOps.Runtime scores, and the build writes none for it",
            "To monitor a model, use an ML.NET pipeline that converts (docs/trainers.md, 'An ML.NET model (.zip)') or train it in the build with an MLNet.* trainer.", diagnostics, display);
        return true;
    }

    private static ReferenceModel? NoProfile(string reference, string model, DiagnosticBag diagnostics)
    {
        diagnostics.Error(DiagnosticCodes.MonitorNoReferenceProfile,
            $"{reference} has no reference profile (models/{PackagedProfile.FileName(model)}): it was packed by an MLOps.Build without monitoring. Rebuild and pack it with MLOps.Build 2 or later.", reference);
        return null;
    }
}

using System.Reflection;
using System.Runtime.InteropServices;

namespace MLOps.MLNet.LightGbm;

/// <summary>
/// Loads a native library the way a DllImport of <paramref name="assembly"/> would (its load context, then the
/// default search), before training needs it: a missing library is a sentence, not a DllNotFoundException mid-fit.
/// </summary>
internal static class NativeLibraryProbe
{
    /// <summary>Why <paramref name="library"/> does not load for <paramref name="assembly"/>, or null when it does.</summary>
    public static string? Problem(string library, Assembly assembly, string fix)
    {
        try
        {
            if (NativeLibrary.TryLoad(library, assembly, null, out _)) return null;
        }
        catch (BadImageFormatException e)
        {
            return $"its native library '{library}' for runtime identifier {RuntimeInformation.RuntimeIdentifier} is not a library this process can load ({e.Message}). {fix}";
        }
        var folder = Path.GetDirectoryName(assembly.Location);
        return $"its native library '{library}' cannot be loaded for runtime identifier {RuntimeInformation.RuntimeIdentifier} " +
            $"(looked beside {Path.GetFileName(assembly.Location)} in {folder}, in its runtimes/<rid>/native folders and on the library path). {fix}";
    }
}

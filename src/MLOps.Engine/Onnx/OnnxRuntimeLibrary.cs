using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace MLOps.Engine.Onnx;

/// <summary>
/// Finds and loads ONNX Runtime's native library before anything calls into it, so a missing or unloadable one is
/// a sentence naming the file, the runtime identifier and the fix instead of a DllNotFoundException. Looks where
/// the package puts it: runtimes/&lt;rid&gt;/native beside Microsoft.ML.OnnxRuntime.dll (as the MLOps.Build task
/// package ships it), then the assembly's own folder.
/// </summary>
internal static class OnnxRuntimeLibrary
{
    private const string ImportName = "onnxruntime";
    private static readonly object Gate = new();
    private static bool _resolverSet;
    private static nint _handle;

    /// <summary>The runtime identifier whose native folder is used, e.g. <c>linux-x64</c>.</summary>
    public static string RuntimeIdentifier =>
        $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";

    /// <summary>The library's file name on this operating system.</summary>
    public static string FileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll" : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib" : "libonnxruntime.so";

    /// <summary>Null when the library is loaded; otherwise what is wrong and how to fix it.</summary>
    public static string? Problem()
    {
        lock (Gate)
        {
            if (_handle != 0) return null;
            var assembly = typeof(InferenceSession).Assembly;
            (_handle, var problem) = Load(Path.GetDirectoryName(assembly.Location) ?? AppContext.BaseDirectory);
            if (problem is not null) return problem;
            if (!_resolverSet)
            {
                // Every later P/Invoke of Microsoft.ML.OnnxRuntime gets the library loaded here, not ONNX Runtime's own guess.
                OrtEnv.DisableDllImportResolver = true;
                try
                {
                    NativeLibrary.SetDllImportResolver(assembly, (name, _, _) => name == ImportName ? _handle : 0);
                }
                catch (InvalidOperationException)
                {
                    // Something in this process registered one first; it found the library once, and will again.
                }
                _resolverSet = true;
            }
            return null;
        }
    }

    /// <summary>Loads the library from <paramref name="folder"/>'s runtimes/&lt;rid&gt;/native (a portable build, the task package) or the folder itself (a RID-specific publish).</summary>
    internal static (nint Handle, string? Problem) Load(string folder)
    {
        var candidates = new[] { Path.Combine(folder, "runtimes", RuntimeIdentifier, "native", FileName), Path.Combine(folder, FileName) };
        foreach (var path in candidates.Where(File.Exists))
            if (NativeLibrary.TryLoad(path, out var handle)) return (handle, null);
        return (0, candidates.FirstOrDefault(File.Exists) is { } found
            ? $"ONNX Runtime's native library {found} for {RuntimeIdentifier} could not be loaded (a dependency such as the C++ runtime or glibc 2.27+ may be missing, or the file is damaged). " +
              "Install the platform's prerequisites for ONNX Runtime 1.31, or set ModelExportOnnx to false."
            : $"ONNX Runtime's native library {FileName} for {RuntimeIdentifier} was not found (looked in {Path.GetDirectoryName(candidates[0])} and {folder}). " +
              "MLOps.Build ships it for win-x64, win-arm64, linux-x64, linux-arm64 and osx-arm64; on another platform, or if the package was trimmed, set ModelExportOnnx to false.");
    }
}

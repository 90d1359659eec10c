using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using MLOps.Engine.Trainers;

namespace MLOps.Build.Tasks;

/// <summary>
/// Loads the trainer assemblies a package names in <c>ModelTrainerAssembly</c> items (MLOps.Build.MLNet's) and registers
/// their trainers. Each gets a load context of its own that resolves the package's closure from its deps.json, native
/// libraries included (runtimes/&lt;rid&gt;/native), so nothing it brings collides with MSBuild's or the SDK's copies;
/// MLOps.Engine and MLOps.Runtime come from these tasks' context, so its trainers are the engine's <see cref="ITrainer"/>s.
/// </summary>
internal static class TrainerAssemblies
{
    /// <summary>One context per assembly path for the life of the MSBuild process: a second load would make types the registry has already seen.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Assembly>> Loaded = new(StringComparer.Ordinal);

    /// <summary>Loads and registers the assembly at <paramref name="path"/>; why it could not, or null.</summary>
    public static string? Register(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            return $"The trainer assembly '{full}' named by a ModelTrainerAssembly item does not exist. Restore the package that adds it (dotnet restore), or remove the item.";
        try
        {
            var assembly = Loaded.GetOrAdd(full, p => new Lazy<Assembly>(() => new TrainerLoadContext(p).LoadFromAssemblyPath(p))).Value;
            TrainerRegistry.RegisterFrom(assembly);
            return null;
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException or FileNotFoundException or TypeLoadException or InvalidOperationException or TargetInvocationException)
        {
            Loaded.TryRemove(full, out _);
            return $"The trainer assembly '{full}' could not be loaded: {(e is TargetInvocationException { InnerException: { } inner } ? inner.Message : e.Message)} " +
                "Use the MLOps.Build.MLNet version that matches MLOps.Build's.";
        }
    }

    private sealed class TrainerLoadContext(string path) : AssemblyLoadContext($"MLOps trainers: {Path.GetFileName(path)}")
    {
        private static readonly AssemblyLoadContext Host = GetLoadContext(typeof(ITrainer).Assembly) ?? Default;
        private readonly AssemblyDependencyResolver _resolver = new(path);

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is "MLOps.Engine" or "MLOps.Runtime") return Host.LoadFromAssemblyName(name);
            // Assemblies the package does not carry (the engine's own dependencies) fall back to the default context.
            return _resolver.ResolveAssemblyToPath(name) is { } file && File.Exists(file) ? LoadFromAssemblyPath(file) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } file && File.Exists(file) ? LoadUnmanagedDllFromPath(file) : IntPtr.Zero;
    }
}

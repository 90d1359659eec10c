using System.Reflection;

namespace MLOps.Engine.Vocabulary;

/// <summary>The engine's version, part of every fingerprint: a new engine retrains every model once.</summary>
public static class EngineInfo
{
    public static string Version { get; } =
        typeof(EngineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}

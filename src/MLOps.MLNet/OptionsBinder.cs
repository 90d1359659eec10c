using System.Globalization;
using System.Reflection;
using MLOps.Engine.Learners;

namespace MLOps.MLNet;

/// <summary>
/// Sets ML.NET trainer options from parameters of the same name: the schema's names are ML.NET's option names, so a
/// parameter maps to the option it documents and nothing is translated twice.
/// </summary>
internal static class OptionsBinder
{
    /// <summary>Sets each of <paramref name="names"/> on <paramref name="options"/> to the parameter's value and returns it.</summary>
    public static T Apply<T>(T options, TrainerParameters parameters, params string[] names) where T : class
    {
        foreach (var name in names) Set(options, name, parameters[name]);
        return options;
    }

    /// <summary>
    /// What every ML.NET trainer here is given (options a trainer lacks are skipped): one thread, the project's seed, no
    /// console output of its own, and LightGBM's determinism switches: <c>deterministic</c>, and <c>force_row_wise</c>
    /// so it does not time both histogram layouts and pick the faster one on each machine.
    /// </summary>
    public static T Deterministic<T>(T options, int seed) where T : class
    {
        foreach (var (name, value) in new (string, object)[]
                 { ("NumberOfThreads", MLNetTrainer.Threads), ("Seed", seed), ("Silent", true), ("Deterministic", true), ("ForceRowWise", true) })
            if (Member(options, name) is not null) Set(options, name, value);
        return options;
    }

    private static MemberInfo? Member(object options, string name) =>
        (MemberInfo?)options.GetType().GetField(name, BindingFlags.Public | BindingFlags.Instance) ?? options.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance);

    /// <summary>Sets a public field or property of a number or Boolean type (nullable or not) to <paramref name="value"/>.</summary>
    private static void Set(object options, string name, object value)
    {
        var member = Member(options, name) ?? throw new InvalidOperationException($"{options.GetType().FullName} has no option '{name}'.");
        var type = member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;
        var converted = Convert.ChangeType(value, Nullable.GetUnderlyingType(type) ?? type, CultureInfo.InvariantCulture);
        if (member is FieldInfo f) f.SetValue(options, converted);
        else ((PropertyInfo)member).SetValue(options, converted);
    }
}

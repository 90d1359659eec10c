namespace MLOps.Runtime;

/// <summary>The <see cref="InputSpec.Type"/> names of the model format.</summary>
public static class InputTypes
{
    /// <summary>A real number; missing is NaN.</summary>
    public const string Number = "number";
    /// <summary>True or false, carried as 1 or 0; missing is NaN.</summary>
    public const string Boolean = "boolean";
    /// <summary>One value from a set of strings; missing is null.</summary>
    public const string Category = "category";

    /// <summary>The <see cref="InputSpec.Encoding"/> of tree models' inputs.</summary>
    public const string RawEncoding = "raw";
}

using System.Reflection;
using Microsoft.ML;

namespace MLOps.MLNet;

/// <summary>
/// Stops an ML.NET fit when the build is cancelled: ML.NET's own CancelExecution is not public in Microsoft.ML (only
/// through Microsoft.ML.Experimental, which is not served), so it is called by reflection; without it the fit ends first.
/// </summary>
internal static class Cancellation
{
    private static readonly MethodInfo? CancelExecution =
        typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);

    public static void Cancel(MLContext context) => CancelExecution?.Invoke(context, null);
}

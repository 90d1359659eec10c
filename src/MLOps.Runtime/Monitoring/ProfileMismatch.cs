namespace MLOps.Runtime.Monitoring;

/// <summary>Profiles of different models, or with different bins, cannot be merged: counting them together would mean nothing.</summary>
internal static class ProfileMismatch
{
    public static InvalidDataException Of(string what) =>
        new($"The profiles cannot be merged: {what}. Only profiles built on the same reference profile (the same model and bin edges) merge.");
}

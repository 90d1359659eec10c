namespace MLOps.Engine.Contracts;

/// <summary>
/// What validation learned about one data item (its files together), for drift: the numbers of a bounded row
/// sample, sorted, and the count of every category value.
/// </summary>
public sealed record DataProfile(string Role, IReadOnlyList<string> Files, long Rows, IReadOnlyDictionary<string, ColumnProfile> Columns);

/// <summary>One column's profile. <see cref="Numbers"/> holds non-missing sampled values in ascending order.</summary>
/// <see cref="HeaderAt"/> is where the column's name stands in the first file that has it, for messages about the column.
public sealed record ColumnProfile(string Name, string Type, long Missing, ReadOnlyMemory<double>? Numbers, IReadOnlyDictionary<string, long>? Counts, bool SampledNumbers, Place HeaderAt);

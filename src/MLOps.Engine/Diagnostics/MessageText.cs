using System.Globalization;

namespace MLOps.Engine.Diagnostics;

/// <summary>
/// Keeps messages readable in a build log, a GitHub annotation or a terminal: lists name their first few items and
/// count the rest, and no message or progress line is longer than <see cref="MaxLength"/> characters.
/// </summary>
public static class MessageText
{
    /// <summary>The longest message or progress line, in characters; longer ones end in "… (N more characters)".</summary>
    public const int MaxLength = 1000;

    /// <summary>How many items a list in a message names before it counts the rest.</summary>
    public const int ListedItems = 10;

    /// <summary>
    /// The first <paramref name="count"/> items joined by <paramref name="separator"/> (fewer when they are long: at most
    /// half of <see cref="MaxLength"/>, and always one), then "… (N more)" when there are more.
    /// </summary>
    public static string FirstFew(IEnumerable<string> items, string separator = ", ", int count = ListedItems)
    {
        var all = items as IReadOnlyCollection<string> ?? items.ToArray();
        var shown = new List<string>();
        var length = 0;
        foreach (var item in all.Take(count))
        {
            if (shown.Count > 0 && length + separator.Length + item.Length > MaxLength / 2) break;
            shown.Add(item);
            length += separator.Length + item.Length;
        }
        var text = string.Join(separator, shown);
        return all.Count > shown.Count ? $"{text}{separator}… ({(all.Count - shown.Count).ToString("N0", CultureInfo.InvariantCulture)} more)" : text;
    }

    /// <summary><paramref name="message"/> cut to <see cref="MaxLength"/> characters (at a space where there is one near), saying how much was cut.</summary>
    public static string Shorten(string message)
    {
        if (message.Length <= MaxLength) return message;
        var cut = MaxLength - 40; // room for the count
        var space = message.LastIndexOf(' ', cut - 1, 100);
        if (space > 0) cut = space;
        if (char.IsHighSurrogate(message[cut - 1])) cut--;
        return $"{message[..cut]} … ({(message.Length - cut).ToString("N0", CultureInfo.InvariantCulture)} more characters)";
    }
}

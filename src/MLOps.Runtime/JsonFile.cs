using System.Text.Json;

namespace MLOps.Runtime;

/// <summary>The runtime's JSON files (model, profile): deterministic bytes with a trailing newline, and parse errors that name the file.</summary>
internal static class JsonFile
{
    /// <summary>UTF-8 JSON of <paramref name="value"/> with a trailing newline (LF).</summary>
    public static byte[] ToBytes<T>(T value, JsonSerializerOptions options)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, options);
        var bytes = new byte[json.Length + 1];
        json.CopyTo(bytes, 0);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>Parses <paramref name="bytes"/>; malformed JSON is an <see cref="InvalidDataException"/> saying <paramref name="source"/> is not <paramref name="what"/>.</summary>
    public static T? Parse<T>(ReadOnlySpan<byte> bytes, JsonSerializerOptions options, string source, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not {what}: {e.Message}", e);
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLOps.Runtime;

/// <summary>Reads and writes model files. Writing is deterministic: the same document gives the same bytes.</summary>
public static class ModelFormat
{
    /// <summary>The value of <see cref="ModelDocument.Format"/>.</summary>
    public const string FormatName = "mlops-model";
    /// <summary>The version this library writes and the newest it reads.</summary>
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Serializes a model to UTF-8 JSON bytes (LF line ends, trailing newline).</summary>
    public static byte[] ToBytes(ModelDocument model) => JsonFile.ToBytes(model, Options);

    /// <summary>Parses a model file's bytes, checking its format name and version.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a model file this version can read.</exception>
    public static ModelDocument FromBytes(ReadOnlySpan<byte> bytes, string source)
    {
        var model = JsonFile.Parse<ModelDocument>(bytes, Options, source, "a model file");
        if (model is null || model.Format != FormatName)
            throw new InvalidDataException($"{source} is not a model file (format is not '{FormatName}').");
        if (model.FormatVersion > CurrentVersion)
            throw new InvalidDataException(
                $"{source} has model format version {model.FormatVersion}; this MLOps.Runtime reads up to {CurrentVersion}. Update MLOps.Runtime.");
        return model;
    }
}

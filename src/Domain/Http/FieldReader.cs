using System.Text.Json;
using Sluice.Problems;

namespace Sluice.Http;

/// <summary>
/// Reads the fields of one JSON object, collecting every problem instead of stopping at the first, and rejecting
/// fields it does not know (a typo must not be silently ignored). <see cref="ThrowIfInvalid"/> raises one 422.
/// </summary>
public sealed class FieldReader
{
    private readonly JsonElement _root;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public FieldReader(JsonDocument document)
    {
        _root = document.RootElement;
        if (_root.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemException(ProblemTypes.MalformedJson, "The request body must be a JSON object.");
        }
    }

    public bool Has(string name) => _root.TryGetProperty(name, out _);

    public void Error(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>An optional string; null when absent. Trimmed; must not be blank or hold control characters.</summary>
    public string? String(string name, int maxLength, bool required = false)
    {
        if (!Take(name, required, out var value) || value.ValueKind == JsonValueKind.Null && !Null(name, required))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(name, "must be a string");
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            Error(name, "must not be empty");
        }
        else if (text.Length > maxLength)
        {
            Error(name, $"must be at most {maxLength} characters");
        }
        else if (text.Any(char.IsControl))
        {
            Error(name, "must not contain control characters");
        }
        else
        {
            return text;
        }

        return null;
    }

    /// <summary>One of a fixed set of lower-case names mapped to <typeparamref name="TEnum"/>.</summary>
    public TEnum? Enum<TEnum>(string name, bool required = false) where TEnum : struct, Enum
    {
        if (!Take(name, required, out var value) || value.ValueKind == JsonValueKind.Null && !Null(name, required))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && WireEnum.TryParse<TEnum>(value.GetString()!, out var parsed))
        {
            return parsed;
        }

        Error(name, $"must be one of: {string.Join(", ", WireEnum.Names<TEnum>())}");
        return null;
    }

    /// <summary>
    /// An optional whole number in range. <paramref name="explicitNull"/> tells a JSON null (meaning "clear it")
    /// from absence; both return null.
    /// </summary>
    public int? Int(string name, int min, int max, out bool explicitNull)
    {
        explicitNull = false;
        if (!Take(name, required: false, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            explicitNull = true;
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return number;
        }

        Error(name, $"must be a whole number from {min} to {max}, or null");
        return null;
    }

    /// <summary>An array of names of <typeparamref name="TEnum"/> values, combined as flags; at least one.</summary>
    public TEnum? Flags<TEnum>(string name, bool required = false) where TEnum : struct, Enum
    {
        if (!Take(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            Error(name, $"must be a non-empty array of: {string.Join(", ", WireEnum.Names<TEnum>())}");
            return null;
        }

        ulong combined = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && WireEnum.TryParse<TEnum>(item.GetString()!, out var flag))
            {
                combined |= Convert.ToUInt64(flag, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                Error(name, $"holds '{item}', which is not one of: {string.Join(", ", WireEnum.Names<TEnum>())}");
                return null;
            }
        }

        return (TEnum)System.Enum.ToObject(typeof(TEnum), combined);
    }

    /// <summary>Raises a 422 listing every bad or unknown field, if there are any.</summary>
    public void ThrowIfInvalid()
    {
        foreach (var property in _root.EnumerateObject())
        {
            if (!_known.Contains(property.Name))
            {
                Error(property.Name, "is not a known field");
            }
        }

        if (_errors.Count > 0)
        {
            var summary = string.Join("; ", _errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}"));
            throw new ProblemException(new Problem(ProblemTypes.ValidationFailed, summary)
            {
                Extensions = new Dictionary<string, object?> { ["errors"] = _errors },
            });
        }
    }

    private bool Take(string name, bool required, out JsonElement value)
    {
        _known.Add(name);
        if (_root.TryGetProperty(name, out value))
        {
            return true;
        }

        if (required)
        {
            Error(name, "is required");
        }

        return false;
    }

    private bool Null(string name, bool required)
    {
        if (required)
        {
            Error(name, "must not be null");
        }

        return false;
    }
}

using System.Text.Json;
using System.Xml;

namespace ServiceBusEmulator.Configuration;

/// <summary>Typed reads of Config.json values; every failure is a <see cref="ConfigurationException"/> naming the JSON path.</summary>
internal static class JsonFields
{
    public static string ReadName(JsonElement element, string path, int maxLength)
    {
        var name = ReadString(element, path);
        if (name.Length == 0 || name.Length > maxLength)
        {
            throw new ConfigurationException(path, $"must be 1 to {maxLength} characters long");
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/' or '$'))
            {
                throw new ConfigurationException(path, $"'{name}' may contain only letters, digits, '.', '-', '_' and '/'");
            }
        }

        return name;
    }

    public static TimeSpan ReadDuration(JsonElement element, string path, TimeSpan minimum, TimeSpan maximum)
    {
        var text = ReadString(element, path);
        TimeSpan value;
        try
        {
            // XmlConvert implements ISO-8601 durations the way Azure's ARM / ATOM APIs do (P1D, PT1M, and
            // P10675199DT2H48M5.4775807S for TimeSpan.MaxValue).
            value = XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            throw new ConfigurationException(path, $"'{text}' is not an ISO-8601 duration such as PT1M or P1D");
        }
        catch (OverflowException)
        {
            throw new ConfigurationException(path, $"'{text}' is longer than the largest duration P10675199DT2H48M5.4775807S");
        }

        if (value < minimum)
        {
            throw new ConfigurationException(path, $"{value:c} is below the minimum of {minimum:c}");
        }

        if (value > maximum)
        {
            throw new ConfigurationException(path, $"{value:c} is above the maximum of {maximum:c}");
        }

        return value;
    }

    public static int ReadInt(JsonElement element, string path, int minimum, int maximum)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value))
        {
            throw new ConfigurationException(path, $"must be a whole number (found {Describe(element)})");
        }

        if (value < minimum)
        {
            throw new ConfigurationException(path, $"{value} is below the minimum of {minimum}");
        }

        if (value > maximum)
        {
            throw new ConfigurationException(path, $"{value} is above the maximum of {maximum}");
        }

        return (int)value;
    }

    public static bool ReadBool(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ConfigurationException(path, $"must be true or false (found {Describe(element)})"),
    };

    public static string? ReadOptionalString(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Null ? null : ReadString(element, path) is { Length: > 0 } text ? text : null;

    public static string ReadString(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new ConfigurationException(path, $"must be a string (found {Describe(element)})");

    public static JsonElement Required(JsonElement element, string name, string path)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        throw new ConfigurationException($"{path}.{name}".TrimStart('$', '.'), "is required");
    }

    public static void AllowOnly(JsonElement element, string path, params string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                var fieldPath = path == "$" ? property.Name : $"{path}.{property.Name}";
                throw new ConfigurationException(fieldPath, $"unknown property (allowed here: {string.Join(", ", allowed)})");
            }
        }
    }

    public static JsonElement ExpectObject(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object
            ? element
            : throw new ConfigurationException(path, $"must be an object (found {Describe(element)})");

    public static JsonElement ExpectArray(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array
            ? element
            : throw new ConfigurationException(path, $"must be an array (found {Describe(element)})");

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{element.GetString()}\"",
        JsonValueKind.Number => element.GetRawText(),
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };
}

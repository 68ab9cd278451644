using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using static ServiceBusEmulator.Administration.AtomNames;

namespace ServiceBusEmulator.Administration;

/// <summary>
/// Reads the typed fields of a <c>QueueDescription</c>, <c>TopicDescription</c> or <c>SubscriptionDescription</c>;
/// an absent field keeps the value given as its default, a malformed or out-of-range one is a 400 naming it.
/// </summary>
internal sealed class DescriptionFields(XElement description)
{
    public bool Has(string name) => description.Element(ServiceBus + name) is not null;

    public string? Text(string name) => description.Element(ServiceBus + name)?.Value;

    public TimeSpan Duration(string name, TimeSpan current, TimeSpan minimum, TimeSpan maximum) =>
        Read(name, current, XmlConvert.ToTimeSpan, value => value >= minimum && value <= maximum, $"between {XmlConvert.ToString(minimum)} and {XmlConvert.ToString(maximum)}");

    public int Int(string name, int current, int minimum, int maximum) =>
        Read(name, current, text => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture), value => value >= minimum && value <= maximum, $"between {minimum} and {maximum}");

    public long Long(string name, long current, long minimum, long maximum) =>
        Read(name, current, text => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture), value => value >= minimum && value <= maximum, $"between {minimum} and {maximum}");

    public bool Bool(string name, bool current) => Read(name, current, XmlConvert.ToBoolean, _ => true, string.Empty);

    /// <summary>
    /// A forwarding target: the SDKs send an absolute URI (<c>http://host/q2</c>) or a name; the entity name is the
    /// URI's path. Empty means none.
    /// </summary>
    public string? ForwardTarget(string name, string? current)
    {
        if (Text(name) is not { } text)
        {
            return current;
        }

        text = text.Trim();
        var target = Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "sb" or "amqp" or "amqps"
            ? Uri.UnescapeDataString(uri.AbsolutePath)
            : text;
        target = target.Trim('/');
        return target.Length == 0 ? null : target;
    }

    private T Read<T>(string name, T current, Func<string, T> parse, Func<T, bool> inRange, string range)
    {
        if (Text(name) is not { } text)
        {
            return current;
        }

        T value;
        try
        {
            value = parse(text.Trim());
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            throw AdministrationException.BadRequest($"{name}: '{text}' is not a valid {typeof(T).Name}.");
        }

        return inRange(value) ? value : throw AdministrationException.BadRequest($"{name}: {text} is out of range ({range}).");
    }
}

using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters.Sql;

/// <summary><c>sys.Name</c> (a broker property) or <c>[user.]name</c> (an application property).</summary>
internal sealed class PropertyExpression(bool isSystem, string name) : SqlExpression
{
    public bool IsSystem { get; } = isSystem;

    public string Name { get; } = name;

    public override object? Evaluate(BrokerMessage message) =>
        IsSystem
            ? SystemProperties.Read(message, Name)
            : message.TryGetApplicationProperty(Name, out var value) ? value : null;

    public bool Exists(BrokerMessage message) =>
        IsSystem ? SystemProperties.Read(message, Name) is not null : message.TryGetApplicationProperty(Name, out _);
}

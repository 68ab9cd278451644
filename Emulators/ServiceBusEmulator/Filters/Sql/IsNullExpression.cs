using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters.Sql;

/// <summary>A missing user property and one whose value is null are both NULL.</summary>
internal sealed class IsNullExpression(PropertyExpression property, bool negated) : SqlExpression
{
    public override object? Evaluate(BrokerMessage message) => (property.Evaluate(message) is null) != negated;
}

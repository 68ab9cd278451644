using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters.Sql;

internal sealed class ExistsExpression(PropertyExpression property) : SqlExpression
{
    public override object? Evaluate(BrokerMessage message) => property.Exists(message);
}

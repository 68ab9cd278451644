using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters.Sql;

internal sealed class ConstantExpression(object? value) : SqlExpression
{
    public object? Value { get; } = value;

    public override object? Evaluate(BrokerMessage message) => Value;
}

using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters.Sql;

internal sealed class UnaryExpression(string @operator, SqlExpression operand) : SqlExpression
{
    public override object? Evaluate(BrokerMessage message)
    {
        var value = operand.Evaluate(message);
        return @operator switch
        {
            "NOT" => value is bool b ? !b : null,
            "-" => Arithmetic.Negate(value),
            _ => value is not null && SqlValue.IsNumber(value) ? value : null,
        };
    }
}

using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters.Sql;

/// <summary>A node of a parsed filter; evaluation returns null for SQL's "unknown".</summary>
internal abstract class SqlExpression
{
    public abstract object? Evaluate(BrokerMessage message);
}

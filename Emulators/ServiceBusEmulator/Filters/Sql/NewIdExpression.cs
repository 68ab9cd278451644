using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters.Sql;

/// <summary>The <c>newid()</c> function: a new GUID, as in Azure (useful in actions).</summary>
internal sealed class NewIdExpression : SqlExpression
{
    public override object? Evaluate(BrokerMessage message) => Guid.NewGuid();
}

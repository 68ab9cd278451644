using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters.Sql;

internal sealed class InExpression(SqlExpression value, IReadOnlyList<SqlExpression> candidates, bool negated) : SqlExpression
{
    public override object? Evaluate(BrokerMessage message)
    {
        var actual = value.Evaluate(message);
        if (actual is null)
        {
            return null;
        }

        var sawUnknown = false;
        foreach (var candidate in candidates)
        {
            var comparison = SqlValue.Compare(actual, candidate.Evaluate(message));
            if (comparison == 0)
            {
                return !negated;
            }

            sawUnknown |= comparison is null;
        }

        return sawUnknown ? null : negated;
    }
}

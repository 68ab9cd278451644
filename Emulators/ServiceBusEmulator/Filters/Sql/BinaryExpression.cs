using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters.Sql;

/// <summary>Logical (AND, OR with three-valued logic), comparison and arithmetic operators.</summary>
internal sealed class BinaryExpression(string @operator, SqlExpression left, SqlExpression right) : SqlExpression
{
    public override object? Evaluate(BrokerMessage message)
    {
        switch (@operator)
        {
            case "AND":
            {
                var l = left.Evaluate(message) as bool?;
                if (l == false)
                {
                    return false;
                }

                var r = right.Evaluate(message) as bool?;
                return r == false ? false : l == true && r == true ? true : null;
            }

            case "OR":
            {
                var l = left.Evaluate(message) as bool?;
                if (l == true)
                {
                    return true;
                }

                var r = right.Evaluate(message) as bool?;
                return r == true ? true : l == false && r == false ? false : null;
            }

            case "=" or "<>" or "<" or ">" or "<=" or ">=":
            {
                var comparison = SqlValue.Compare(left.Evaluate(message), right.Evaluate(message));
                if (comparison is not { } c)
                {
                    return null;
                }

                return @operator switch
                {
                    "=" => c == 0,
                    "<>" => c != 0,
                    "<" => c < 0,
                    ">" => c > 0,
                    "<=" => c <= 0,
                    _ => c >= 0,
                };
            }

            default:
                return Arithmetic.Apply(@operator, left.Evaluate(message), right.Evaluate(message));
        }
    }
}

using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Filters.Sql;

namespace ServiceBusEmulator.Filters;

/// <summary>
/// A SQL-92-subset filter over system properties (<c>sys.Label</c>, <c>sys.MessageId</c>, …) and user
/// properties (<c>user.name</c> or just <c>name</c>). A message matches only when the predicate is TRUE:
/// unknown (a missing property compared with anything) does not match.
/// </summary>
public sealed class SqlFilter : RuleFilter
{
    private readonly SqlExpression _expression;

    private SqlFilter(string text, SqlExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    public string Text { get; }

    /// <exception cref="SqlSyntaxException">The text is not a valid filter.</exception>
    public static SqlFilter Parse(string text) => new(text, new SqlParser(text).ParseFilter());

    public override bool Matches(BrokerMessage message) => _expression.Evaluate(message) is true;
}

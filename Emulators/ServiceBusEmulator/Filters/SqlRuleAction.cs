using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Filters.Sql;

namespace ServiceBusEmulator.Filters;

/// <summary>
/// A rule action: <c>SET property = expression</c> and <c>REMOVE property</c> statements separated by ';',
/// applied to a subscription's copy of a matching message. User properties and the string system properties
/// (Label/Subject, To, ReplyTo, ContentType, CorrelationId, MessageId, ReplyToSessionId) can be set.
/// </summary>
public sealed class SqlRuleAction
{
    private readonly List<(PropertyExpression Target, SqlExpression? Value)> _statements;

    private SqlRuleAction(string text, List<(PropertyExpression, SqlExpression?)> statements)
    {
        Text = text;
        _statements = statements;
    }

    public string Text { get; }

    /// <exception cref="SqlSyntaxException">The text is not a valid action.</exception>
    public static SqlRuleAction Parse(string text)
    {
        var parser = new SqlParser(text);
        var statements = new List<(PropertyExpression, SqlExpression?)>();
        do
        {
            if (parser.AtEnd)
            {
                break;
            }

            if (parser.TryWord("SET"))
            {
                var target = parser.ParseProperty();
                if (target.IsSystem && !SystemProperties.IsWritable(target.Name))
                {
                    throw new SqlSyntaxException($"sys.{target.Name} cannot be set by a rule action");
                }

                parser.ExpectSymbol("=");
                statements.Add((target, parser.ParseOr()));
            }
            else if (parser.TryWord("REMOVE"))
            {
                var target = parser.ParseProperty();
                if (target.IsSystem)
                {
                    throw new SqlSyntaxException($"sys.{target.Name} cannot be removed by a rule action");
                }

                statements.Add((target, null));
            }
            else
            {
                throw new SqlSyntaxException("an action statement starts with SET or REMOVE");
            }
        }
        while (parser.TrySymbol(";"));

        parser.ExpectEnd();
        if (statements.Count == 0)
        {
            throw new SqlSyntaxException("the action is empty");
        }

        return new SqlRuleAction(text, statements);
    }

    /// <summary>Applies the statements to <paramref name="copy"/>, a subscription's own copy of the message.</summary>
    public void Apply(BrokerMessage copy)
    {
        foreach (var (target, valueExpression) in _statements)
        {
            if (valueExpression is null)
            {
                copy.RemoveApplicationProperty(target.Name);
                continue;
            }

            var value = valueExpression.Evaluate(copy);
            if (target.IsSystem)
            {
                SystemProperties.Write(copy, target.Name, value?.ToString());
                copy.SystemPropertiesModified = true;
            }
            else
            {
                copy.SetApplicationProperty(target.Name, value);
            }
        }
    }
}

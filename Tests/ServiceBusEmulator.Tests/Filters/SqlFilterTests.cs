using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Filters;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Filters;

public class SqlFilterTests
{
    private static readonly BrokerMessage Message = CreateMessage();

    private static BrokerMessage CreateMessage()
    {
        var message = Messages.Text("body", "msg-1", properties: new Dictionary<string, object?>
        {
            ["color"] = "red",
            ["quantity"] = 10u,
            ["price"] = 9.5,
            ["priority_shipping"] = true,
            ["nothing"] = null,
            ["data-topic"] = "t1",
            ["big"] = 5_000_000_000L,
            ["note"] = "100% natural_juice",
            ["Name"] = "O'Brien",
        });
        message.Subject = "created";
        message.CorrelationId = "corr-1";
        message.ContentType = "application/json";
        message.To = "warehouse";
        message.ReplyTo = "replies";
        message.SessionId = "s-1";
        return message;
    }

    private static bool Matches(string expression) => SqlFilter.Parse(expression).Matches(Message);

    [Theory]
    [InlineData("color = 'red'", true)]
    [InlineData("color = 'Red'", false)]
    [InlineData("color <> 'blue'", true)]
    [InlineData("color != 'red'", false)]
    [InlineData("quantity > 5", true)]
    [InlineData("quantity >= 10", true)]
    [InlineData("quantity < 10", false)]
    [InlineData("quantity <= 10.0", true)]
    [InlineData("price > 9", true)]
    [InlineData("price = 9.5", true)]
    [InlineData("big > 4000000000", true)]
    [InlineData("priority_shipping = TRUE", true)]
    [InlineData("priority_shipping = false", false)]
    [InlineData("quantity * 2 = 20", true)]
    [InlineData("quantity % 3 = 1", true)]
    [InlineData("quantity - 11 = -1", true)]
    [InlineData("-quantity = -10", true)]
    [InlineData("quantity / 4 = 2", true)]
    [InlineData("user.color = 'red'", true)]
    [InlineData("[data-topic] = 't1'", true)]
    [InlineData("\"color\" = 'red'", true)]
    [InlineData("Name = 'O''Brien'", true)]
    [InlineData("1 = 1", true)]
    public void Comparisons_and_arithmetic(string expression, bool expected) => Assert.Equal(expected, Matches(expression));

    [Theory]
    [InlineData("sys.Label = 'created'", true)]
    [InlineData("sys.label = 'created'", true)]
    [InlineData("sys.Subject = 'created'", true)]
    [InlineData("sys.MessageId = 'msg-1'", true)]
    [InlineData("sys.CorrelationId = 'corr-1'", true)]
    [InlineData("sys.ContentType = 'application/json'", true)]
    [InlineData("sys.To = 'warehouse'", true)]
    [InlineData("sys.ReplyTo = 'replies'", true)]
    [InlineData("sys.SessionId = 's-1'", true)]
    [InlineData("sys.ReplyToSessionId IS NULL", true)]
    [InlineData("sys.Size > 0", true)]
    public void System_properties(string expression, bool expected) => Assert.Equal(expected, Matches(expression));

    [Theory]
    [InlineData("color IN ('blue', 'red')", true)]
    [InlineData("color IN ('blue', 'green')", false)]
    [InlineData("color NOT IN ('blue', 'green')", true)]
    [InlineData("quantity IN (1, 10)", true)]
    [InlineData("missing IN ('a')", false)]
    [InlineData("missing NOT IN ('a')", false)]
    public void In_lists(string expression, bool expected) => Assert.Equal(expected, Matches(expression));

    [Theory]
    [InlineData("color LIKE 'r%'", true)]
    [InlineData("color LIKE '%e%'", true)]
    [InlineData("color LIKE 'r_d'", true)]
    [InlineData("color LIKE 'r_'", false)]
    [InlineData("color LIKE '%'", true)]
    [InlineData("color NOT LIKE 'b%'", true)]
    [InlineData("note LIKE '100!%%' ESCAPE '!'", true)]
    [InlineData("note LIKE '10!%%' ESCAPE '!'", false)]
    [InlineData("note LIKE '%natural!_juice' ESCAPE '!'", true)]
    [InlineData("note LIKE '%natural!_j' ESCAPE '!'", false)]
    [InlineData("note LIKE '%a%a%a%'", false)]
    [InlineData("note LIKE '%u%a%u%'", true)]
    [InlineData("missing LIKE '%'", false)]
    public void Like_patterns(string expression, bool expected) => Assert.Equal(expected, Matches(expression));

    [Theory]
    [InlineData("missing IS NULL", true)]
    [InlineData("nothing IS NULL", true)]
    [InlineData("color IS NULL", false)]
    [InlineData("color IS NOT NULL", true)]
    [InlineData("missing IS NOT NULL", false)]
    [InlineData("EXISTS(color)", true)]
    [InlineData("EXISTS(nothing)", true)]
    [InlineData("EXISTS(missing)", false)]
    [InlineData("NOT EXISTS(missing)", true)]
    [InlineData("EXISTS(sys.CorrelationId)", true)]
    [InlineData("EXISTS(sys.ReplyToSessionId)", false)]
    public void Null_and_existence(string expression, bool expected) => Assert.Equal(expected, Matches(expression));

    [Theory]
    [InlineData("color = 'red' AND quantity > 5", true)]
    [InlineData("color = 'blue' OR quantity > 5", true)]
    [InlineData("NOT color = 'blue'", true)]
    [InlineData("NOT color = 'red' OR quantity = 10", true)] // NOT binds tighter than OR
    [InlineData("NOT (color = 'red' OR quantity = 10)", false)]
    [InlineData("color = 'blue' AND quantity = 10 OR price > 1", true)] // AND binds tighter than OR
    [InlineData("color = 'blue' AND (quantity = 10 OR price > 1)", false)]
    [InlineData("NOT NOT color = 'red'", true)]
    public void Logical_precedence(string expression, bool expected) => Assert.Equal(expected, Matches(expression));

    [Theory]
    [InlineData("missing = 'x'")]
    [InlineData("missing <> 'x'")]
    [InlineData("NOT missing = 'x'")]
    [InlineData("missing > 1 OR missing < 1")]
    [InlineData("color = 5")]
    public void Unknown_does_not_match(string expression) => Assert.False(Matches(expression));

    [Fact]
    public void Unknown_or_true_matches() => Assert.True(Matches("missing = 'x' OR color = 'red'"));

    [Fact]
    public void Unknown_and_false_is_false_so_not_of_it_matches() => Assert.True(Matches("NOT (missing = 'x' AND color = 'blue')"));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("color = ", "ended")]
    [InlineData("color = 'red", "unterminated string")]
    [InlineData("sys.Colour = 'red'", "sys.Colour is not a system property")]
    [InlineData("other.color = 'red'", "not a property scope")]
    [InlineData("color LIKE 'a' ESCAPE '!!'", "exactly one character")]
    [InlineData("color = 'red' AND", "ended")]
    [InlineData("(color = 'red'", "')'")]
    [InlineData("color # 1", "unexpected character '#'")]
    [InlineData("color IS 'red'", "NULL")]
    public void Invalid_expressions_are_rejected_with_a_reason(string expression, string expected)
    {
        var error = Assert.Throws<SqlSyntaxException>(() => SqlFilter.Parse(expression));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Action_sets_and_removes_properties()
    {
        var copy = Messages.Text("x", properties: new Dictionary<string, object?> { ["a"] = 1L, ["b"] = "keep" });

        SqlRuleAction.Parse("SET a = a + 1; SET user.c = 'new'; REMOVE b").Apply(copy);

        Assert.True(copy.TryGetApplicationProperty("a", out var a));
        Assert.Equal(2L, a);
        Assert.Equal("new", copy.ModifiedApplicationProperties["c"]);
        Assert.False(copy.TryGetApplicationProperty("b", out _));
    }

    [Theory]
    [InlineData("SET sys.SequenceNumber = 1", "cannot be set")]
    [InlineData("REMOVE sys.Label", "cannot be removed")]
    [InlineData("DELETE a", "SET or REMOVE")]
    public void Invalid_actions_are_rejected(string action, string expected)
    {
        Assert.Contains(expected, Assert.Throws<SqlSyntaxException>(() => SqlRuleAction.Parse(action)).Message);
    }
}

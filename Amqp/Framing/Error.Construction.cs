namespace Amqp.Framing;

public sealed partial class Error
{
    public Error()
    {
    }

    public Error(AmqpSymbol condition, string? description = null, AmqpMap? info = null)
    {
        Condition = condition;
        Description = description;
        Info = info;
    }

    public override string ToString() => $"{Condition}: {Description}";
}

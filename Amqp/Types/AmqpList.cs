namespace Amqp.Types;

/// <summary>An AMQP list: an ordered sequence of values of any type.</summary>
public sealed class AmqpList : List<object?>
{
    public AmqpList()
    {
    }

    public AmqpList(int capacity) : base(capacity)
    {
    }

    public AmqpList(IEnumerable<object?> items) : base(items)
    {
    }
}

namespace Amqp.Framing;

/// <summary>The state of a delivery as seen by one end of a link (spec 3.4).</summary>
public abstract class DeliveryState : DescribedList
{
}

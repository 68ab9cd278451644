namespace Amqp.Framing;

/// <summary>A terminal delivery state: accepted, rejected, released or modified.</summary>
public abstract class Outcome : DeliveryState
{
}

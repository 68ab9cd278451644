namespace Amqp.Framing;

/// <summary>The body of a frame: an AMQP performative or a SASL frame body.</summary>
public abstract class Performative : DescribedList
{
}

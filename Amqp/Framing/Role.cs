namespace Amqp.Framing;

/// <summary>Which end of a link a peer is (encoded as a boolean: false = sender, true = receiver).</summary>
public enum Role
{
    Sender,
    Receiver,
}

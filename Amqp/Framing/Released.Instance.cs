namespace Amqp.Framing;

public sealed partial class Released
{
    /// <summary>A shared instance: the outcome carries no fields, so senders need not allocate one per delivery.</summary>
    public static readonly Released Instance = new();
}

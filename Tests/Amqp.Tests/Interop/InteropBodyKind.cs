namespace Amqp.Tests.Interop;

/// <summary>The three body shapes of spec 3.2: data sections, one amqp-value, amqp-sequence sections.</summary>
public enum InteropBodyKind
{
    Data,
    Value,
    Sequence,
}
